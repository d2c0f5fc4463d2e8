using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace MetricsOperator.SimulatedCluster.Sandbox;

/// <summary>Writes kubeconfig files for the stand-in: a client-certificate user, or a bearer token (a ServiceAccount's).</summary>
internal static class SandboxKubeconfig
{
    public static void WithCertificate(string path, Uri server, string caPem, string contextName, X509Certificate2 certificate, string? defaultNamespace = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        using var key = certificate.GetECDsaPrivateKey() ?? throw new InvalidOperationException("the client certificate carries no ECDSA key");
        var user = $"    client-certificate-data: {Base64(certificate.ExportCertificatePem())}\n    client-key-data: {Base64(key.ExportPkcs8PrivateKeyPem())}\n";
        Write(path, server, caPem, contextName, user, defaultNamespace);
    }

    public static void WithToken(string path, Uri server, string caPem, string contextName, string token) =>
        Write(path, server, caPem, contextName, $"    token: {token}\n", null);

    private static void Write(string path, Uri server, string caPem, string contextName, string user, string? defaultNamespace)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var text = $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: sandbox
              cluster:
                server: {server.ToString().TrimEnd('/')}
                certificate-authority-data: {Base64(caPem)}
            users:
            - name: {contextName}
              user:

            """ + user + $"""
            contexts:
            - name: {contextName}
              context:
                cluster: sandbox
                user: {contextName}
                namespace: {defaultNamespace ?? "default"}
            current-context: {contextName}

            """;
        File.WriteAllText(path, text);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    private static string Base64(string pem) => Convert.ToBase64String(Encoding.ASCII.GetBytes(pem));
}
