using System.CommandLine;
using MetricsOperator.Scraping;

namespace MetricsOperator.Cli;

/// <summary>
/// <c>inspect kubelet FILE|-</c>: decodes a kubelet <c>/metrics/resource</c> payload exactly as a scrape would and
/// shows the node and container points, or what was dropped and why. Exit 0 valid, 1 invalid payload, 2 usage/IO.
/// </summary>
internal static class InspectKubeletCommand
{
    public const string StandardInput = "-";

    public static Command Create(InspectEnvironment environment)
    {
        var input = new Argument<string>("FILE")
        {
            Description = "The payload file, or - to read standard input.",
        };
        var output = new Option<string>("--output", "-o")
        {
            Description = "Output format: table or json.",
            DefaultValueFactory = _ => "table",
        };
        output.AcceptOnlyFromAmong("table", "json");
        var nodeName = new Option<string>("--node-name")
        {
            Description = "Node name to show for the node point.",
            DefaultValueFactory = _ => "node",
        };
        var defaultTime = new Option<string?>("--default-time")
        {
            Description = "RFC3339 time for samples without a timestamp (default: now), as the scrape's request time would be.",
        };
        var maxBytes = new Option<long>("--max-bytes")
        {
            Description = "Refuse inputs larger than this many bytes.",
            DefaultValueFactory = _ => ScrapeSettings.DefaultMaxResponseBytes,
        };

        var command = new Command("kubelet", "Decode a kubelet /metrics/resource payload (Prometheus text) like a scrape does.")
        {
            input, output, nodeName, defaultTime, maxBytes,
        };
        command.Action = new InspectKubeletAction(
            environment, new InspectKubeletSymbols(input, output, nodeName, defaultTime, maxBytes));
        return command;
    }
}

/// <summary>The arguments and options the action reads back from a parse result.</summary>
internal sealed record InspectKubeletSymbols(
    Argument<string> Input, Option<string> Output, Option<string> NodeName, Option<string?> DefaultTime, Option<long> MaxBytes);
