using System.Text;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MetricsOperator.Serving.Health;

/// <summary>
/// Answers one probe (<c>/livez</c>, <c>/readyz</c> or <c>/healthz</c>) and its per-check paths in the Kubernetes
/// API server's format: <c>ok</c> when everything passes; with <c>?verbose</c>, or always on failure (500), one
/// <c>[+]name ok</c> / <c>[-]name failed: reason withheld</c> line per check and <c>&lt;probe&gt; check
/// passed|failed</c>. <c>?exclude=name</c> (repeatable) skips checks. <c>/&lt;probe&gt;/&lt;name&gt;</c> runs one
/// check and does show its reason. Reasons go to the log when the set of failing checks changes.
/// </summary>
internal sealed partial class HealthProbeHandler
{
    private readonly string _probe;
    private readonly IReadOnlyList<string> _checks;
    private readonly HealthCheckService _service;
    private readonly ILogger _logger;
    private string _lastFailures = string.Empty;

    public HealthProbeHandler(string probe, IReadOnlyList<string> checks, HealthCheckService service, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(probe);
        ArgumentNullException.ThrowIfNull(checks);
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(logger);
        _probe = probe;
        _checks = checks;
        _service = service;
        _logger = logger;
    }

    public async Task HandleProbeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var excluded = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in context.Request.Query["exclude"])
        {
            if (!string.IsNullOrEmpty(name))
            {
                excluded.Add(name);
            }
        }

        var report = await _service.CheckHealthAsync(
            registration => _checks.Contains(registration.Name) && !excluded.Contains(registration.Name),
            context.RequestAborted).ConfigureAwait(false);

        var body = new StringBuilder();
        var failures = new List<string>();
        foreach (var name in _checks)
        {
            if (excluded.Remove(name))
            {
                body.Append("[+]").Append(name).Append(" excluded: ok\n");
            }
            else if (report.Entries.TryGetValue(name, out var entry) && entry.Status == HealthStatus.Unhealthy)
            {
                body.Append("[-]").Append(name).Append(" failed: reason withheld\n");
                failures.Add($"{name} ({ReasonOf(entry)})");
            }
            else
            {
                body.Append("[+]").Append(name).Append(" ok\n");
            }
        }

        if (excluded.Count > 0)
        {
            var unknown = excluded.Order(StringComparer.Ordinal).Select(static name => $"\"{name}\"");
            body.Append("warn: some health checks cannot be excluded: no matches for ").AppendJoin(',', unknown).Append('\n');
        }

        // Only the full probe's outcome is worth a log line; one with exclusions is someone investigating.
        if (context.Request.Query["exclude"].Count == 0)
        {
            NoteOutcome(failures);
        }

        if (failures.Count > 0)
        {
            body.Append(_probe).Append(" check failed\n");
            await WriteAsync(context, StatusCodes.Status500InternalServerError, body.ToString()).ConfigureAwait(false);
            return;
        }

        var verbose = context.Request.Query.ContainsKey("verbose");
        await WriteAsync(context, StatusCodes.Status200OK, verbose ? body.Append(_probe).Append(" check passed\n").ToString() : "ok")
            .ConfigureAwait(false);
    }

    public async Task HandleCheckAsync(HttpContext context, string name)
    {
        ArgumentNullException.ThrowIfNull(context);
        var report = await _service.CheckHealthAsync(registration => registration.Name == name, context.RequestAborted).ConfigureAwait(false);
        if (report.Entries.TryGetValue(name, out var entry) && entry.Status == HealthStatus.Unhealthy)
        {
            await WriteAsync(context, StatusCodes.Status500InternalServerError, $"internal server error: {ReasonOf(entry)}\n").ConfigureAwait(false);
            return;
        }

        await WriteAsync(context, StatusCodes.Status200OK, "ok").ConfigureAwait(false);
    }

    private static string ReasonOf(HealthReportEntry entry) =>
        entry.Description ?? entry.Exception?.Message ?? "unhealthy";

    private static Task WriteAsync(HttpContext context, int statusCode, string body)
    {
        var response = context.Response;
        response.StatusCode = statusCode;
        response.ContentType = "text/plain; charset=utf-8";
        response.Headers.XContentTypeOptions = "nosniff";
        return response.WriteAsync(body, context.RequestAborted);
    }

    private void NoteOutcome(List<string> failures)
    {
        var summary = string.Join(", ", failures);
        if (string.Equals(Interlocked.Exchange(ref _lastFailures, summary), summary, StringComparison.Ordinal))
        {
            return;
        }

        if (failures.Count > 0)
        {
            LogProbeFailing(_probe, summary);
        }
        else
        {
            LogProbePassing(_probe);
        }
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "{Probe} check failed: {Failures}")]
    private partial void LogProbeFailing(string probe, string failures);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information, Message = "{Probe} check passed")]
    private partial void LogProbePassing(string probe);
}
