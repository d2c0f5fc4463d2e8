using System.Buffers;
using System.CommandLine;
using System.CommandLine.Invocation;
using System.Globalization;
using System.Text;
using MetricsOperator.Scraping;

namespace MetricsOperator.Cli;

/// <summary>
/// Runs <c>inspect kubelet</c>. It takes over parse errors (<see cref="ClearsParseErrors"/>) so that every usage
/// problem exits with <see cref="InspectExitCodes.Usage"/>, distinct from an invalid payload.
/// </summary>
internal sealed class InspectKubeletAction(InspectEnvironment environment, InspectKubeletSymbols symbols) : SynchronousCommandLineAction
{
    private static readonly string[] Rfc3339Formats = ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"];

    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var stdout = parseResult.InvocationConfiguration.Output;
        var stderr = parseResult.InvocationConfiguration.Error;
        if (Validate(parseResult) is { } usage)
        {
            stderr.WriteLine("error: " + usage);
            stderr.WriteLine("usage: metrics-operator inspect kubelet FILE|- [-o table|json] [--node-name NAME] [--default-time RFC3339] [--max-bytes N]");
            return InspectExitCodes.Usage;
        }

        var input = parseResult.GetValue(symbols.Input)!;
        var maxBytes = parseResult.GetValue(symbols.MaxBytes);
        using var payload = TryRead(input, maxBytes, out var readError);
        if (payload is null)
        {
            stderr.WriteLine("error: " + readError);
            return InspectExitCodes.Usage;
        }

        var decoded = new DecodedPayload();
        var defaultTime = DefaultTimeUnixNano(parseResult.GetValue(symbols.DefaultTime));
        var json = parseResult.GetValue(symbols.Output) == "json";
        if (!new KubeletPayloadDecoder().TryDecode(payload.Span, defaultTime, decoded, out var error))
        {
            stderr.WriteLine($"error: invalid kubelet payload {DisplayName(input)}: {error}");
            if (json)
            {
                WriteJson(stdout, buffer => InspectJsonWriter.WriteError(buffer, error));
            }

            return InspectExitCodes.InvalidInput;
        }

        var nodeName = parseResult.GetValue(symbols.NodeName)!;
        if (json)
        {
            WriteJson(stdout, buffer => InspectJsonWriter.WriteDecoded(buffer, nodeName, decoded));
        }
        else
        {
            InspectTableWriter.WriteDecoded(stdout, nodeName, decoded);
        }

        return InspectExitCodes.Valid;
    }

    private string? Validate(ParseResult parseResult)
    {
        if (parseResult.Errors.Count > 0)
        {
            return string.Join("; ", parseResult.Errors.Select(e => e.Message));
        }

        if (parseResult.UnmatchedTokens.Count > 0)
        {
            return "unrecognized arguments: " + string.Join(" ", parseResult.UnmatchedTokens);
        }

        if (string.IsNullOrWhiteSpace(parseResult.GetValue(symbols.NodeName)))
        {
            return "--node-name must not be empty";
        }

        var maxBytes = parseResult.GetValue(symbols.MaxBytes);
        if (maxBytes < 1 || maxBytes > InspectInputReader.MaxLimit)
        {
            return $"--max-bytes {maxBytes} is outside 1-{InspectInputReader.MaxLimit}";
        }

        var defaultTime = parseResult.GetValue(symbols.DefaultTime);
        return defaultTime is null || TryParseRfc3339(defaultTime, out _)
            ? null
            : $"--default-time \"{defaultTime}\" is not an RFC3339 time such as 2021-10-03T09:36:49.72Z";
    }

    private PooledPayload? TryRead(string input, long maxBytes, out string? error)
    {
        error = null;
        try
        {
            if (input == InspectKubeletCommand.StandardInput)
            {
                using var stdin = environment.OpenStandardInput();
                return InspectInputReader.Read(stdin, maxBytes) ?? Refuse(out error);
            }

            using var file = File.OpenRead(input);
            if (file.CanSeek && file.Length > maxBytes)
            {
                return Refuse(out error);
            }

            return InspectInputReader.Read(file, maxBytes) ?? Refuse(out error);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            error = $"cannot read {DisplayName(input)}: {e.Message}";
            return null;
        }

        PooledPayload? Refuse(out string? message)
        {
            message = $"{DisplayName(input)} is larger than --max-bytes {maxBytes}";
            return null;
        }
    }

    private long DefaultTimeUnixNano(string? text)
    {
        var time = text is not null && TryParseRfc3339(text, out var parsed) ? parsed : environment.Time.GetUtcNow();
        return (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
    }

    private static bool TryParseRfc3339(string text, out DateTimeOffset time) =>
        DateTimeOffset.TryParseExact(text, Rfc3339Formats, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out time)
        && time.Year is >= 1678 and <= 2261;

    private static string DisplayName(string input) => input == InspectKubeletCommand.StandardInput ? "standard input" : input;

    private static void WriteJson(TextWriter output, Action<IBufferWriter<byte>> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        write(buffer);
        output.WriteLine(Encoding.UTF8.GetString(buffer.WrittenSpan));
    }
}
