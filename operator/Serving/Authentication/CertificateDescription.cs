using System.Numerics;
using System.Security.Cryptography.X509Certificates;

namespace MetricsOperator.Serving.Authentication;

/// <summary>Names a certificate in messages as Kubernetes does: serial number, subject and authority key identifiers.</summary>
internal static class CertificateDescription
{
    public static string Of(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var serial = new BigInteger(certificate.SerialNumberBytes.Span, isUnsigned: true, isBigEndian: true);
        byte[]? subjectKeyId = null;
        byte[]? authorityKeyId = null;
        foreach (var extension in certificate.Extensions)
        {
            switch (extension)
            {
                case X509SubjectKeyIdentifierExtension subject:
                    subjectKeyId = subject.SubjectKeyIdentifierBytes.ToArray();
                    break;
                case X509AuthorityKeyIdentifierExtension authority when authority.KeyIdentifier is { } keyId:
                    authorityKeyId = keyId.ToArray();
                    break;
            }
        }

        return $"SN={serial}, SKID={Hexify(subjectKeyId)}, AKID={Hexify(authorityKeyId)}";
    }

    // Upper-case hex pairs separated by colons, e.g. 0A:1B:2C.
    private static string Hexify(byte[]? bytes) =>
        bytes is { Length: > 0 } ? BitConverter.ToString(bytes).Replace('-', ':') : "<none>";
}
