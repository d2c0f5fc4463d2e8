using System.Security.Cryptography.X509Certificates;
using System.Text;
using MetricsOperator.KubeletFarm;

namespace MetricsOperator.Tests.EndToEnd.Testing;

/// <summary>Writes kubeconfig files for the sandbox: a client certificate (users) or a bearer token (ServiceAccounts).</summary>
internal static class Kubeconfigs
{
    public static string WriteForCertificate(string path, Uri server, string caPem, X509Certificate2 client)
    {
        var user = $"""
                client-certificate-data: {Base64(client.ExportCertificatePem())}
                client-key-data: {Base64(TestCertificateAuthority.PrivateKeyPem(client))}
            """;
        return Write(path, server, caPem, user);
    }

    public static string WriteForToken(string path, Uri server, string caPem, string token) =>
        Write(path, server, caPem, $"        token: {token}");

    private static string Write(string path, Uri server, string caPem, string userBlock)
    {
        var text = $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: sandbox
              cluster:
                server: {server.ToString().TrimEnd('/')}
                certificate-authority-data: {Base64(caPem)}
            users:
            - name: user
              user:
            {userBlock}
            contexts:
            - name: sandbox
              context:
                cluster: sandbox
                user: user
            current-context: sandbox

            """;
        File.WriteAllText(path, text);
        return path;
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
