namespace MetricsOperator.Hosting;

/// <summary>The operator's console logging: text or JSON lines with UTC timestamps.</summary>
internal static class OperatorLogging
{
    /// <summary>
    /// ASP.NET Core's own categories log at Warning and above only: at Information its hosting and routing write
    /// four lines per request ("Request starting", "Executing endpoint", …), which for an HPA-driven API (hundreds of
    /// requests a second) is a log flood and a formatting and console-writing cost on every request. The reference
    /// (metrics-server at its default verbosity) does not log served requests either.
    /// </summary>
    public const string AspNetCoreCategory = "Microsoft.AspNetCore";

    public static void Configure(ILoggingBuilder logging, LogFormat format)
    {
        ArgumentNullException.ThrowIfNull(logging);
        logging.ClearProviders();
        logging.AddFilter(AspNetCoreCategory, LogLevel.Warning);
        if (format == LogFormat.Json)
        {
            logging.AddJsonConsole(o =>
            {
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }
        else
        {
            logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            });
        }
    }
}
