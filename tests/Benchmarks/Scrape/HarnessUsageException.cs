namespace MetricsOperator.Benchmarks.Scrape;

/// <summary>The command line of a harness mode is wrong; the message names the option and what was expected.</summary>
internal sealed class HarnessUsageException(string message) : Exception(message);
