using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using MetricsOperator.KubeletFarm;

namespace MetricsOperator.SimulatedCluster.Sandbox;

/// <summary>
/// Client certificates for any user and groups, signed by the running sandbox's client CA, which the sandbox leaves
/// beside its kubeconfig (owner-only). <c>issue-cert USER [GROUP ...] [--kubeconfig PATH] --out PATH</c> writes a
/// kubeconfig for that user against the same server.
/// </summary>
internal static class UserCertificates
{
    private const string CaCertificateFile = "client-ca.crt";
    private const string CaKeyFile = "client-ca.key";

    /// <summary>Leaves the client CA (certificate and key) in <paramref name="directory"/> for <see cref="IssueAsync"/>.</summary>
    public static void Publish(TestCertificateAuthority clientCa, string directory)
    {
        ArgumentNullException.ThrowIfNull(clientCa);
        File.WriteAllText(Path.Combine(directory, CaCertificateFile), clientCa.CertificatePem);
        var keyPath = Path.Combine(directory, CaKeyFile);
        File.WriteAllText(keyPath, TestCertificateAuthority.PrivateKeyPem(clientCa.Certificate));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(keyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    public static int Issue(IReadOnlyList<string> args, TextWriter output)
    {
        var kubeconfig = Path.Combine(".sandbox", "kubeconfig");
        string? target = null;
        var names = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--kubeconfig" when i + 1 < args.Count:
                    kubeconfig = args[++i];
                    break;
                case "--out" when i + 1 < args.Count:
                    target = args[++i];
                    break;
                case var flag when flag.StartsWith("--", StringComparison.Ordinal):
                    throw new ArgumentException($"issue-cert: unknown or incomplete option {flag}; usage: issue-cert USER [GROUP ...] [--kubeconfig PATH] --out PATH");
                default:
                    names.Add(args[i]);
                    break;
            }
        }

        if (names.Count == 0 || target is null)
        {
            throw new ArgumentException("issue-cert: usage: issue-cert USER [GROUP ...] [--kubeconfig PATH] --out PATH");
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(kubeconfig))!;
        var (server, caPem) = ReadCluster(kubeconfig);
        using var ca = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(directory, CaCertificateFile)), File.ReadAllText(Path.Combine(directory, CaKeyFile)));
        using var certificate = Sign(ca, names[0], names.Skip(1));
        SandboxKubeconfig.WithCertificate(target, server, caPem, names[0], certificate);
        output.WriteLine($"wrote {Path.GetFullPath(target)} for user {names[0]} (groups: {string.Join(", ", names.Skip(1))})");
        return 0;
    }

    private static X509Certificate2 Sign(X509Certificate2 ca, string user, IEnumerable<string> groups)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedNameBuilder();
        foreach (var group in groups)
        {
            subject.AddOrganizationName(group);
        }

        subject.AddCommonName(user);
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        var now = DateTimeOffset.UtcNow;
        using var issued = request.Create(ca, now.AddMinutes(-5), ca.NotAfter < now.AddYears(1) ? ca.NotAfter : now.AddYears(1), RandomNumberGenerator.GetBytes(16));
        return issued.CopyWithPrivateKey(key);
    }

    private static (Uri Server, string CaPem) ReadCluster(string kubeconfig)
    {
        if (!File.Exists(kubeconfig))
        {
            throw new FileNotFoundException($"issue-cert: {kubeconfig} not found; is the sandbox running?", kubeconfig);
        }

        var cluster = Rest.YamlToJson.Convert(File.ReadAllText(kubeconfig))?["clusters"]?[0]?["cluster"] as JsonObject
            ?? throw new InvalidDataException($"issue-cert: {kubeconfig} has no cluster");
        var server = new Uri(cluster["server"]?.ToString() ?? throw new InvalidDataException($"issue-cert: {kubeconfig} names no server"));
        var caPem = System.Text.Encoding.ASCII.GetString(Convert.FromBase64String(cluster["certificate-authority-data"]?.ToString() ?? ""));
        return (server, caPem);
    }
}
