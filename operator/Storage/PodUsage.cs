using System.Runtime.InteropServices;

namespace MetricsOperator.Storage;

/// <summary>
/// A servable pod as seen through a <see cref="MetricsReadView"/>: every container has a rate, and the window is
/// the one of the container with the earliest timestamp. The containers are read from the pinned node table, so
/// they all come from the same scrape; they are valid until the view is disposed.
/// </summary>
[StructLayout(LayoutKind.Auto)]
internal readonly struct PodUsage
{
    internal PodUsage(string podNamespace, string name, MeasurementWindow measured, PodContainers containers)
    {
        Namespace = podNamespace;
        Name = name;
        Measured = measured;
        Containers = containers;
    }

    public string Namespace { get; }

    public string Name { get; }

    public MeasurementWindow Measured { get; }

    public PodContainers Containers { get; }

    /// <summary>Pod usage summed over containers (the Table view of <c>kubectl top pod</c>).</summary>
    public ResourceUsage Total
    {
        get
        {
            ulong cpu = 0, memory = 0, swap = 0;
            var hasSwap = false;
            foreach (var container in Containers)
            {
                cpu += container.Usage.CpuNanoCores;
                memory += container.Usage.MemoryBytes;
                swap += container.Usage.SwapBytes;
                hasSwap |= container.Usage.HasSwap;
            }

            return new ResourceUsage(cpu, memory, swap, hasSwap);
        }
    }
}

/// <summary>The containers of a <see cref="PodUsage"/>, in the order the kubelet reported them.</summary>
[StructLayout(LayoutKind.Auto)]
internal readonly struct PodContainers
{
    private readonly MetricsReadView _view;
    private readonly int _viewGeneration;
    private readonly NodeTable _table;
    private readonly int _first;

    internal PodContainers(MetricsReadView view, NodeTable table, int first, int count)
    {
        _view = view;
        _viewGeneration = view.Generation;
        _table = table;
        _first = first;
        Count = count;
    }

    public int Count { get; }

    public ContainerUsage this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            _view.ThrowIfGenerationEnded(_viewGeneration);
            ref readonly var series = ref _table.Containers[_first + index];
            RateCalculator.TryComputeUsage(series.State, out var usage, out _);
            return new ContainerUsage(series.Name, usage);
        }
    }

    /// <summary>The container's name alone, without computing its usage (for ordering).</summary>
    public string NameAt(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        _view.ThrowIfGenerationEnded(_viewGeneration);
        return _table.Containers[_first + index].Name;
    }

    public Enumerator GetEnumerator() => new(this);

    internal bool IsFrom(NodeSlot node) => ReferenceEquals(_table.Owner, node);

    [StructLayout(LayoutKind.Auto)]
    internal struct Enumerator
    {
        private readonly PodContainers _containers;
        private int _index;

        internal Enumerator(PodContainers containers)
        {
            _containers = containers;
            _index = -1;
        }

        public readonly ContainerUsage Current => _containers[_index];

        public bool MoveNext() => ++_index < _containers.Count;
    }
}
