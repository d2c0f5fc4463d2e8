namespace MetricsOperator.Benchmarks.Api;

/// <summary>One phase: the client's view, the server's view of the same requests, the server's CPU, the client's collections.</summary>
internal sealed record ApiPhase(LoadResult Client, ServerPhaseLatency Server, PhaseCpu? Cpu, GcCounters ClientGc);

/// <summary>The server's CPU seconds over a phase of <paramref name="Seconds"/> that made <paramref name="Requests"/> requests.</summary>
internal sealed record PhaseCpu(double CpuSeconds, double Seconds, int Requests)
{
    public double PerRequestMicros => CpuSeconds * 1e6 / Requests;

    /// <summary>Per request, after subtracting what the server burns with no requests over the same time.</summary>
    public double NetPerRequestMicros(double idleCpuPerSecond) => (CpuSeconds - (idleCpuPerSecond * Seconds)) * 1e6 / Requests;
}
