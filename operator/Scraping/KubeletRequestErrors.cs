using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.WebUtilities;

namespace MetricsOperator.Scraping;

/// <summary>Turns HTTP outcomes into the readable reasons kept in the node state and the logs.</summary>
internal static class KubeletRequestErrors
{
    /// <summary>metrics-server's wording: <c>request failed, status: "500 Internal Server Error"</c>.</summary>
    public static ScrapeFailure Status(HttpStatusCode code, string? reasonPhrase)
    {
        var phrase = string.IsNullOrEmpty(reasonPhrase) ? ReasonPhrases.GetReasonPhrase((int)code) : reasonPhrase;
        return new ScrapeFailure(ScrapeFailureKind.HttpStatus, $"request failed, status: \"{(int)code} {phrase}\"");
    }

    public static ScrapeFailure TooLarge(long limit) =>
        new(ScrapeFailureKind.ResponseTooLarge, $"response larger than {limit} bytes");

    /// <param name="tlsRejection">Why our certificate check refused the kubelet, when it did.</param>
    /// <param name="requestHost">The host requested, which the connection messages name.</param>
    /// <param name="shownHost">The host to name instead (the kubelet's IP for a <see cref="KubeletHostName"/>).</param>
    public static ScrapeFailure Describe(HttpRequestException exception, string? tlsRejection, string? requestHost = null, string? shownHost = null)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (tlsRejection is not null)
        {
            return new ScrapeFailure(ScrapeFailureKind.Tls, tlsRejection);
        }

        var detail = Innermost(exception);
        var message = requestHost is null || shownHost is null || requestHost == shownHost
            ? exception.Message
            : exception.Message.Replace(requestHost, shownHost, StringComparison.OrdinalIgnoreCase);
        return exception.HttpRequestError switch
        {
            HttpRequestError.SecureConnectionError => new(ScrapeFailureKind.Tls, "TLS handshake failed: " + detail),
            // These messages already name the cause and the endpoint ("Connection refused (10.0.0.1:10250)").
            HttpRequestError.NameResolutionError => new(ScrapeFailureKind.Connection, "name resolution failed: " + message),
            HttpRequestError.ConnectionError => new(ScrapeFailureKind.Connection, "connection failed: " + message),
            HttpRequestError.ResponseEnded => new(ScrapeFailureKind.Connection, "kubelet closed the connection before the response was complete"),
            HttpRequestError.InvalidResponse => new(ScrapeFailureKind.Connection, "invalid HTTP response: " + detail),
            _ => new(ScrapeFailureKind.Connection, "request failed: " + detail),
        };
    }

    /// <summary>The body could not be read to the end (reset, truncated chunking, bad gzip).</summary>
    public static ScrapeFailure ReadFailed(Exception exception) =>
        new(ScrapeFailureKind.Connection, "reading the response failed: " + Innermost(exception));

    // The outer messages are generic ("An error occurred while sending the request"); the innermost one names the cause.
    private static string Innermost(Exception exception)
    {
        var message = exception.Message;
        for (var inner = exception.InnerException; inner is not null; inner = inner.InnerException)
        {
            message = inner is SocketException socket ? $"{socket.Message} ({socket.SocketErrorCode})" : inner.Message;
        }

        return message;
    }
}
