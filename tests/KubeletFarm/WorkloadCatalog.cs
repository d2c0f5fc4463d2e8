namespace MetricsOperator.KubeletFarm;

/// <summary>A deployment of the simulated cluster: its name, namespace, application container and pod labels.</summary>
internal sealed class SimulatedDeployment
{
    public SimulatedDeployment(int index, string name, string @namespace)
    {
        Index = index;
        Name = name;
        Namespace = @namespace;
        AppContainer = NameGenerator.AppContainer(name);
        PodLabels = new Dictionary<string, string>(StringComparer.Ordinal) { ["app"] = name };
    }

    public int Index { get; }

    public string Name { get; }

    public string Namespace { get; }

    public string AppContainer { get; }

    /// <summary>Labels of every pod of this deployment; one shared instance, since a farm may hold 150,000 pods.</summary>
    public IReadOnlyDictionary<string, string> PodLabels { get; }
}

/// <summary>
/// The namespaces and deployments shared by every node of a farm, derived only from the shape's seed, so pods on
/// different nodes belong to the same deployments (as in a real cluster).
/// </summary>
internal sealed class WorkloadCatalog
{
    private const int MinNamespaceLength = 7;
    private const int MaxNamespaceLength = 15;
    private const int MinPodNameLength = 30;
    private const int MaxPodNameLength = 50;

    public WorkloadCatalog(WorkloadShape shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        shape.ThrowIfInvalid();
        Shape = shape;
        var random = new Random(shape.Seed);
        Namespaces = UniqueLabels(random, shape.Namespaces, MinNamespaceLength, MaxNamespaceLength);
        var deploymentNames = UniqueLabels(
            random,
            shape.Deployments,
            MinPodNameLength - NameGenerator.PodNameExtraLength,
            MaxPodNameLength - NameGenerator.PodNameExtraLength);
        var deployments = new SimulatedDeployment[shape.Deployments];
        for (var i = 0; i < deployments.Length; i++)
        {
            var name = deploymentNames[i];
            deployments[i] = new SimulatedDeployment(i, name, Namespaces[i % Namespaces.Count]);
        }

        Deployments = deployments;
    }

    public WorkloadShape Shape { get; }

    public IReadOnlyList<string> Namespaces { get; }

    public IReadOnlyList<SimulatedDeployment> Deployments { get; }

    private static string[] UniqueLabels(Random random, int count, int minLength, int maxLength)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var labels = new string[count];
        for (var i = 0; i < count; i++)
        {
            string label;
            do
            {
                label = NameGenerator.Label(random, random.Next(minLength, maxLength + 1));
            }
            while (!seen.Add(label));

            labels[i] = label;
        }

        return labels;
    }
}
