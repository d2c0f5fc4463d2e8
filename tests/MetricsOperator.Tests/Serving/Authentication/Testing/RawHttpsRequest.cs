using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace MetricsOperator.Tests.Serving.Authentication.Testing;

/// <summary>
/// One HTTP/1.1 request written by hand over TLS, so header lines reach the server exactly as written (HttpClient
/// folds repeated headers into one line; Go's proxy, like the aggregator, sends each value on its own line).
/// </summary>
internal static class RawHttpsRequest
{
    public static async Task<(int Status, string Body)> SendAsync(AccessControlTestServer server, X509Certificate2? certificate, string path, params string[] headerLines)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.BaseAddress.Host, server.BaseAddress.Port);
        await using var tls = new SslStream(tcp.GetStream());
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = server.BaseAddress.Host,
            ApplicationProtocols = [SslApplicationProtocol.Http11],
            ClientCertificates = certificate is null ? null : [certificate],
        };
        server.Pki.ServerAuthority.TrustFrom(options);
        await tls.AuthenticateAsClientAsync(options);

        var request = new StringBuilder()
            .Append("GET ").Append(path).Append(" HTTP/1.1\r\n")
            .Append("Host: ").Append(server.BaseAddress.Authority).Append("\r\n")
            .Append("Connection: close\r\n");
        foreach (var line in headerLines)
        {
            request.Append(line).Append("\r\n");
        }

        await tls.WriteAsync(Encoding.ASCII.GetBytes(request.Append("\r\n").ToString()));
        using var reader = new StreamReader(tls, Encoding.UTF8);
        var response = await reader.ReadToEndAsync();
        var status = int.Parse(response.AsSpan(9, 3), provider: System.Globalization.CultureInfo.InvariantCulture);
        var body = response[(response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
        return (status, body);
    }
}
