using MetricsOperator.Storage;

namespace MetricsOperator.Serving.Api;

/// <summary>
/// The order every representation writes a pod's containers in: by name (ordinal), so that answers do not depend on
/// the order a kubelet happened to report them in.
/// </summary>
internal static class ContainerOrder
{
    /// <summary>Pods with more containers than this sort a rented array instead of the stack.</summary>
    public const int StackLimit = 64;

    /// <summary>
    /// Fills <paramref name="order"/> (length = container count) with container indexes in name order.
    /// Pods have few containers and the kubelet usually reports them sorted already, so an insertion sort is cheapest.
    /// </summary>
    public static void Sort(in PodContainers containers, Span<int> order)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(order.Length, containers.Count);
        if (order.Length <= 1)
        {
            order.Fill(0);
            return;
        }

        order[0] = 0;
        var previousName = containers.NameAt(0);
        var sorted = true;
        for (var i = 1; i < order.Length; i++)
        {
            order[i] = i;
            var name = containers.NameAt(i);
            sorted &= string.CompareOrdinal(previousName, name) <= 0;
            previousName = name;
        }

        if (sorted)
        {
            return;
        }

        for (var i = 1; i < order.Length; i++)
        {
            var current = order[i];
            var name = containers.NameAt(current);
            var j = i - 1;
            while (j >= 0 && string.CompareOrdinal(containers.NameAt(order[j]), name) > 0)
            {
                order[j + 1] = order[j];
                j--;
            }

            order[j + 1] = current;
        }
    }
}
