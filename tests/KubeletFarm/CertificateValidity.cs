using System.Runtime.InteropServices;

namespace MetricsOperator.KubeletFarm;

/// <summary>The validity window of an issued certificate.</summary>
[StructLayout(LayoutKind.Auto)]
internal readonly record struct CertificateValidity(DateTimeOffset NotBefore, DateTimeOffset NotAfter)
{
    /// <summary>Valid from an hour ago (tolerates clock skew) for a year.</summary>
    public static CertificateValidity Current(TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        return new(now.AddHours(-1), now.AddYears(1));
    }

    /// <summary>Expired yesterday, for failure tests.</summary>
    public static CertificateValidity Expired(TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        return new(now.AddDays(-30), now.AddDays(-1));
    }

    /// <summary>Valid only from tomorrow, for failure tests.</summary>
    public static CertificateValidity NotYetValid(TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        return new(now.AddDays(1), now.AddDays(30));
    }
}
