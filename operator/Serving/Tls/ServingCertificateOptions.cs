namespace MetricsOperator.Serving.Tls;

/// <summary>Where the serving certificate comes from.</summary>
internal enum ServingCertificateMode
{
    /// <summary>Nothing configured: a self-signed certificate, generated at start, is the serving certificate.</summary>
    SelfSigned,

    /// <summary>A PEM file pair (tls.crt, tls.key, optional ca.crt), watched for rotation.</summary>
    Files,

    /// <summary>The operator's Secret (tls.crt, tls.key, ca.crt), delivered through an informer.</summary>
    Secret,
}

/// <summary>Serving certificate settings. In <see cref="ServingCertificateMode.Files"/> and <see cref="ServingCertificateMode.Secret"/> mode a bootstrap certificate is served (and the process is not ready) until a valid certificate arrives.</summary>
internal sealed class ServingCertificateOptions
{
    public string? CertificateFile { get; init; }

    public string? KeyFile { get; init; }

    public string? CaFile { get; init; }

    /// <summary>The certificate comes from the operator's Secret through <see cref="ServingCertificateSource.UpdateFromPem"/>.</summary>
    public bool FromSecret { get; init; }

    /// <summary>DNS names for the generated certificate besides localhost, e.g. <see cref="ServiceDnsNames"/>.</summary>
    public IReadOnlyList<string> DnsNames { get; init; } = [];

    /// <summary>How often the files are re-read even without a change notification (some volumes send none).</summary>
    public TimeSpan FileCheckInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Quiet time after a change notification before the files are read, so a pair written in two steps is read once.</summary>
    public TimeSpan FileChangeDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan GeneratedValidity { get; init; } = TimeSpan.FromDays(365);

    public ServingCertificateMode Mode =>
        CertificateFile is not null ? ServingCertificateMode.Files
        : FromSecret ? ServingCertificateMode.Secret
        : ServingCertificateMode.SelfSigned;

    /// <summary>The in-cluster names of a Service: name, name.ns, name.ns.svc and name.ns.svc.&lt;cluster domain&gt;.</summary>
    public static IReadOnlyList<string> ServiceDnsNames(string service, string serviceNamespace, string clusterDomain = "cluster.local")
    {
        ArgumentException.ThrowIfNullOrEmpty(service);
        ArgumentException.ThrowIfNullOrEmpty(serviceNamespace);
        ArgumentException.ThrowIfNullOrEmpty(clusterDomain);
        return [service, $"{service}.{serviceNamespace}", $"{service}.{serviceNamespace}.svc", $"{service}.{serviceNamespace}.svc.{clusterDomain}"];
    }

    /// <summary>Every problem with these options; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrEmpty(CertificateFile) != string.IsNullOrEmpty(KeyFile))
        {
            errors.Add("serving certificate: a certificate file and a key file go together; set both or neither");
        }

        if (!string.IsNullOrEmpty(CaFile) && string.IsNullOrEmpty(CertificateFile))
        {
            errors.Add("serving certificate: a CA file needs the certificate and key files");
        }

        if (!string.IsNullOrEmpty(CertificateFile) && FromSecret)
        {
            errors.Add("serving certificate: files and the Secret exclude each other");
        }

        if (FileCheckInterval <= TimeSpan.Zero || FileChangeDelay < TimeSpan.Zero)
        {
            errors.Add("serving certificate: the file check interval must be positive and the change delay not negative");
        }

        if (GeneratedValidity < TimeSpan.FromDays(1))
        {
            errors.Add($"serving certificate: the generated certificate's validity ({GeneratedValidity}) must be at least one day");
        }

        foreach (var name in DnsNames)
        {
            if (string.IsNullOrWhiteSpace(name) || name.Any(char.IsWhiteSpace))
            {
                errors.Add($"serving certificate: \"{name}\" is not a DNS name");
            }
        }

        return errors;
    }
}
