using System.Text.Json.Nodes;

namespace MetricsOperator.SimulatedCluster.Storage;

/// <summary>One served resource at one group/version: what discovery advertises and the REST layer needs.</summary>
internal sealed record ResourceType(
    string Group,
    string Version,
    string Plural,
    string Singular,
    string Kind,
    bool Namespaced,
    IReadOnlyList<string> ShortNames,
    IReadOnlyList<string> Verbs,
    IReadOnlyList<string> Categories,
    bool HasStatus,
    IReadOnlyList<string> FieldLabels)
{
    public static readonly IReadOnlyList<string> AllVerbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    public static readonly IReadOnlyList<string> CreateOnly = ["create"];

    /// <summary>The CRD's structural schema for custom resources; null for built-in kinds.</summary>
    public JsonObject? Schema { get; init; }

    /// <summary>The CRD's additionalPrinterColumns for custom resources; empty for built-in kinds.</summary>
    public IReadOnlyList<PrinterColumn> PrinterColumns { get; init; } = [];

    /// <summary>True when the resource comes from a CustomResourceDefinition.</summary>
    public bool IsCustom { get; init; }

    /// <summary>Objects are kept but never stored (TokenReview, SubjectAccessReview).</summary>
    public bool IsVirtual => Verbs.Count == 1 && Verbs[0] == "create";

    public string GroupVersion => Group.Length == 0 ? Version : Group + "/" + Version;

    /// <summary>The resource as kube-apiserver names it in messages: "pods", "apiservices.apiregistration.k8s.io".</summary>
    public string QualifiedResource => Group.Length == 0 ? Plural : Plural + "." + Group;

    /// <summary>The kind as kube-apiserver names it in validation messages: "Pod", "MetricsBackend.example.dev".</summary>
    public string QualifiedKind => Group.Length == 0 ? Kind : Kind + "." + Group;

    public string ListKind => Kind + "List";
}

/// <summary>A CRD additionalPrinterColumn.</summary>
internal sealed record PrinterColumn(string Name, string Type, string? Format, string Description, int Priority, string JsonPath);
