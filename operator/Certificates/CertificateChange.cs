namespace MetricsOperator.Certificates;

/// <summary>One thing a plan changed and why, worded for an event: a CamelCase reason and a message.</summary>
internal sealed record CertificateChange(string Reason, string Message, bool IsWarning = false)
{
    public const string CertificateIssued = nameof(CertificateIssued);
    public const string CertificateMaterialInvalid = nameof(CertificateMaterialInvalid);
    public const string ServingCertificateRenewed = nameof(ServingCertificateRenewed);
    public const string CARotationStarted = nameof(CARotationStarted);
    public const string ServingCertificateSwitchedToNewCA = nameof(ServingCertificateSwitchedToNewCA);
    public const string PreviousCARetired = nameof(PreviousCARetired);
}
