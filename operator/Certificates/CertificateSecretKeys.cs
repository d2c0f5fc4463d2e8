namespace MetricsOperator.Certificates;

/// <summary>The data keys of the CA Secret and of the serving Secret.</summary>
internal static class CertificateSecretKeys
{
    // CA Secret (metrics-operator-ca).
    public const string CaCertificate = "ca.crt";
    public const string CaPrivateKey = "ca.key";
    public const string NextCaCertificate = "next-ca.crt";
    public const string NextCaPrivateKey = "next-ca.key";
    public const string PreviousCaCertificate = "previous-ca.crt";

    /// <summary>The <see cref="CaRotationPhase"/> name; absent means Stable.</summary>
    public const string RotationPhase = "rotation-phase";

    /// <summary>When the current phase's bundle was first published (ISO 8601, UTC).</summary>
    public const string RotationPhaseSince = "rotation-phase-since";

    // Serving Secret (metrics-operator-serving-cert, type kubernetes.io/tls); ca.crt is the CA bundle.
    public const string ServingCertificate = "tls.crt";
    public const string ServingPrivateKey = "tls.key";
    public const string ServingCaBundle = "ca.crt";
}
