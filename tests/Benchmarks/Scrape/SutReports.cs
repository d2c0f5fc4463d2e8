using System.Text.Json.Serialization;

namespace MetricsOperator.Benchmarks.Scrape;

/// <summary>One JSON line the operator process prints on stdout for the harness.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(SutStarted), "started")]
[JsonDerivedType(typeof(SutRound), "round")]
[JsonDerivedType(typeof(SutStoreFootprint), "store")]
internal abstract record SutReport;

/// <summary>The runtime configuration the figures were measured with, printed before the first round.</summary>
internal sealed record SutStarted(
    string Runtime,
    bool ServerGc,
    bool ConcurrentGc,
    string GcLatencyMode,
    string? UnfairSemaphoreSpinLimit,
    string? TieredPgo,
    int ProcessorCount,
    int Nodes,
    int MaxConcurrency,
    double ResolutionSeconds,
    double MaxStaggerSeconds,
    long? Gen0MaxBudgetBytes = null) : SutReport;

/// <summary>
/// State right after one scrape round. Allocation, GC and CPU figures are cumulative since process start, so the
/// harness takes differences between consecutive rounds; CPU is also read just before the round started (getrusage).
/// JIT figures (<see cref="System.Runtime.JitInfo"/>) show how much of a round's CPU is still tiering up.
/// </summary>
internal sealed record SutRound(
    int Round,
    long StartUnixMs,
    long EndUnixMs,
    double WallSeconds,
    int NodesOk,
    int NodesFailed,
    long AllocatedBytes,
    int Gen0Collections,
    int Gen1Collections,
    int Gen2Collections,
    long HeapBytes,
    double CpuSecondsAtStart,
    double CpuSeconds,
    long RequestsOk,
    long RequestsFailed,
    SutGcHeap? GcHeap = null,
    double JitSeconds = 0,
    long JitMethods = 0) : SutReport;

/// <summary>
/// The managed heap as the most recent collection left it (<see cref="GC.GetGCMemoryInfo()"/>): what it committed,
/// each generation's size and free space after that collection, and the collection's number (0: none yet).
/// </summary>
internal sealed record SutGcHeap(
    long GcIndex,
    long CommittedBytes,
    long HeapSizeBytes,
    long FragmentedBytes,
    long PromotedBytes,
    long[] GenerationSizeAfterBytes,
    long[] GenerationFragmentationAfterBytes);

/// <summary>
/// What the metrics store holds after the last round, and the managed heap (after full blocking collections) with the
/// store filled and again after every node was removed from it.
/// </summary>
internal sealed record SutStoreFootprint(
    int StoredPods,
    int PodsWithPrev,
    int ContainersWithPrev,
    int NodesWithPrev,
    long HeapFilledBytes,
    long HeapEmptiedBytes) : SutReport;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(SutReport))]
internal sealed partial class SutReportJson : JsonSerializerContext;
