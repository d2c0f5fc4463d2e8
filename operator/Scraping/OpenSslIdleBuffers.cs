using System.Net.Security;
using System.Reflection;
using System.Runtime.InteropServices;

namespace MetricsOperator.Scraping;

/// <summary>
/// Sets OpenSSL's SSL_MODE_RELEASE_BUFFERS on each kept-alive kubelet connection, which .NET never does: without it
/// every connection holds its ~17 KiB record read buffer and ~17 KiB write buffer for life, though it is used for a
/// few milliseconds per resolution (34 MiB at 1,000 nodes, 170 MiB at 5,000). With it, OpenSSL frees them whenever no
/// record is pending and allocates them again for the next request.
/// </summary>
/// <remarks>
/// There is no public API for this, so the SSL* is read from SslStream's private security context (on Linux a
/// SafeSslHandle around the SSL*). Everything is checked first: Linux, the runtime's OpenSSL being the libssl.so.3 we
/// call into, the private field and the handle's type. If anything differs the connection is left as it is, and the
/// first such case is logged once; scraping never depends on this.
/// </remarks>
internal sealed partial class OpenSslIdleBuffers
{
    private const int SslCtrlMode = 33; // SSL_CTRL_MODE
    private const long SslModeReleaseBuffers = 0x10; // SSL_MODE_RELEASE_BUFFERS
    private const string SafeSslHandleType = "Microsoft.Win32.SafeHandles.SafeSslHandle";

    private static readonly Lazy<(FieldInfo? Context, string? Unavailable)> Runtime = new(Probe);

    private readonly ILogger _logger;
    private int _reported;

    public OpenSslIdleBuffers(ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        _logger = logger;
    }

    /// <summary>Why the mode cannot be set on this runtime, or null when it can.</summary>
    public static string? Unavailable => Runtime.Value.Unavailable;

    /// <summary>Applies the mode to <paramref name="stream"/> when it is an SslStream, and returns it unchanged.</summary>
    public Stream Apply(Stream stream)
    {
        if (stream is SslStream tls && !TryRelease(tls, out var reason))
        {
            ReportOnce(reason);
        }

        return stream;
    }

    /// <summary>True when the connection now releases its buffers; otherwise why not.</summary>
    public static bool TryRelease(SslStream stream, out string reason)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var (field, unavailable) = Runtime.Value;
        if (field is null)
        {
            reason = unavailable!;
            return false;
        }

        if (field.GetValue(stream) is not SafeHandle handle || handle.GetType().FullName != SafeSslHandleType || handle.IsInvalid || handle.IsClosed)
        {
            reason = "SslStream's security context is not an open SafeSslHandle";
            return false;
        }

        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            var mode = (long)SslCtrl(handle.DangerousGetHandle(), SslCtrlMode, (nint)SslModeReleaseBuffers, 0);
            reason = (mode & SslModeReleaseBuffers) != 0 ? string.Empty : "SSL_set_mode did not take SSL_MODE_RELEASE_BUFFERS";
            return reason.Length == 0;
        }
        catch (ObjectDisposedException)
        {
            reason = "the connection closed before its mode was set";
            return false;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    private void ReportOnce(string reason)
    {
        if (Interlocked.Exchange(ref _reported, 1) == 0)
        {
            LogUnavailable(_logger, reason);
        }
    }

    private static (FieldInfo?, string?) Probe()
    {
        if (!OperatingSystem.IsLinux())
        {
            return (null, "not Linux: the runtime does not use OpenSSL for TLS");
        }

        try
        {
            // SSL_ctrl must be the one of the libssl the runtime loaded: OpenSSL 3 under the soname we import.
            var runtimeOpenSsl = RuntimeOpenSslVersion() & 0xFFFF_FFFFL;
            if (runtimeOpenSsl >> 28 != 3 || (long)(OpenSslVersion() & 0xFFFF_FFFFUL) != runtimeOpenSsl)
            {
                return (null, $"the runtime uses OpenSSL 0x{runtimeOpenSsl:x}, not the libssl.so.3 this process can call");
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return (null, $"OpenSSL 3 is not callable: {e.Message}");
        }

        var field = typeof(SslStream).GetField("_securityContext", BindingFlags.Instance | BindingFlags.NonPublic);
        return field is null
            ? (null, "SslStream has no _securityContext field on this runtime")
            : (field, null);
    }

    [DllImport("libssl.so.3", EntryPoint = "SSL_ctrl")]
    private static extern nint SslCtrl(nint ssl, int command, nint larg, nint parg);

    [DllImport("libcrypto.so.3", EntryPoint = "OpenSSL_version_num")]
    private static extern ulong OpenSslVersion();

    [DllImport("libSystem.Security.Cryptography.Native.OpenSsl", EntryPoint = "CryptoNative_OpenSslVersionNumber")]
    private static extern long RuntimeOpenSslVersion();

    [LoggerMessage(EventId = 1010, Level = LogLevel.Warning, Message = "Kubelet TLS connections keep their OpenSSL buffers while idle (~34 KiB each): {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string reason);
}
