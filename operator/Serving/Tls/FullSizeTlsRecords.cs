using System.IO.Pipelines;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace MetricsOperator.Serving.Tls;

/// <summary>
/// Lets HTTP write to the TLS stream in full-size records. Kestrel's own writer hands the TLS stream one 4 KiB buffer
/// at a time, and each becomes a record of its own: a 40 KB pod list went out as ten records, each encrypted, framed
/// and written to the socket's pipe separately. This writer gathers up to <see cref="RecordSize"/> (the largest
/// plaintext a TLS record holds) per write, so the same list takes three.
/// </summary>
internal static class FullSizeTlsRecords
{
    public const int RecordSize = 16 * 1024;

    /// <summary>Call after <c>UseHttps</c>: the connection's output then writes through this writer into the TLS stream.</summary>
    public static ListenOptions UseFullSizeTlsRecords(this ListenOptions listen)
    {
        ArgumentNullException.ThrowIfNull(listen);
        listen.Use(next => connection =>
        {
            if (connection.Features.Get<ISslStreamFeature>()?.SslStream is { } tls)
            {
                // The TLS stream stays open: Kestrel's HTTPS middleware disposes it when the connection ends.
                var output = PipeWriter.Create(tls, new StreamPipeWriterOptions(minimumBufferSize: RecordSize, leaveOpen: true));
                connection.Transport = new Duplex(connection.Transport.Input, output);
            }

            return next(connection);
        });
        return listen;
    }

    private sealed class Duplex(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
