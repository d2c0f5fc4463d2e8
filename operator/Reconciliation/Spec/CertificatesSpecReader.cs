using MetricsOperator.Api.V1Alpha1;
using MetricsOperator.Certificates;

namespace MetricsOperator.Reconciliation.Spec;

/// <summary>Reads <c>spec.certificates</c>: lifetimes with the CRD's defaults (CA 5 years, serving 1 year) and their ordering.</summary>
internal static class CertificatesSpecReader
{
    public static readonly TimeSpan DefaultCaValidity = CertificatePolicy.DefaultCaValidity;
    public static readonly TimeSpan DefaultServingValidity = CertificatePolicy.DefaultServingValidity;

    private const string Path = "spec.certificates";

    public static CertificatePolicy? Read(CertificatesSpec? spec, DevelopmentMode dev, SpecErrors errors)
    {
        spec ??= new CertificatesSpec();
        var before = errors.Count;
        var ca = errors.Duration(Path + ".caValidity", spec.CaValidity, DefaultCaValidity);
        var serving = errors.Duration(Path + ".servingValidity", spec.ServingValidity, DefaultServingValidity);
        errors.OptionalDuration(Path + ".renewBefore", spec.RenewBefore, out var renewBefore);
        if (ca is not { } caValidity || serving is not { } servingValidity)
        {
            return null;
        }

        var hint = dev.Enabled ? string.Empty : " (--development-mode allows shorter ones)";
        if (caValidity < dev.MinimumCaValidity)
        {
            errors.Add(Path + ".caValidity", $"{SpecErrors.Format(caValidity)} is below the minimum of {SpecErrors.Format(dev.MinimumCaValidity)}{hint}");
        }

        if (servingValidity < dev.MinimumServingValidity)
        {
            errors.Add(Path + ".servingValidity", $"{SpecErrors.Format(servingValidity)} is below the minimum of {SpecErrors.Format(dev.MinimumServingValidity)}{hint}");
        }
        else if (servingValidity >= caValidity)
        {
            errors.Add(Path + ".servingValidity", $"{SpecErrors.Format(servingValidity)} must be shorter than the CA validity ({SpecErrors.Format(caValidity)})");
        }

        if (renewBefore is { } lead)
        {
            if (lead <= TimeSpan.Zero)
            {
                errors.Add(Path + ".renewBefore", "must be positive (leave it out to renew at two thirds of the lifetime)");
            }
            else if (lead >= servingValidity)
            {
                errors.Add(Path + ".renewBefore", $"{SpecErrors.Format(lead)} must be shorter than the serving validity ({SpecErrors.Format(servingValidity)})");
            }
        }

        if (errors.Count > before)
        {
            return null;
        }

        var policy = new CertificatePolicy(caValidity, servingValidity, renewBefore, dev.BundlePropagationDelay);
        if (renewBefore is { } fixedLead)
        {
            RenewalLeaves(policy, fixedLead, errors);
        }

        if (errors.Count > before)
        {
            return null;
        }

        // The rotation planner's own rules too (e.g. the CA must outlive the bundle propagation delay).
        foreach (var problem in policy.Validate())
        {
            errors.Add(Path, problem);
        }

        return errors.Count > before ? null : policy;
    }

    // What a fixed lead time leaves of a new certificate's life before it is renewed: a CA must last through its own
    // rotation (the propagation delay is the operator's, not a spec field, so the message spells it out).
    private static void RenewalLeaves(CertificatePolicy policy, TimeSpan lead, SpecErrors errors)
    {
        var servingAge = policy.RenewalAge(policy.ServingValidity);
        if (servingAge <= TimeSpan.Zero)
        {
            errors.Add(
                Path + ".renewBefore",
                $"{SpecErrors.Format(lead)} leaves a serving certificate no time between its issuance and its renewal; it must be shorter than " +
                $"servingValidity ({SpecErrors.Format(policy.ServingValidity)}) by more than a second");
        }

        var caAge = policy.RenewalAge(policy.CaValidity);
        if (caAge < policy.RotationDuration)
        {
            errors.Add(
                Path + ".renewBefore",
                $"{SpecErrors.Format(lead)} leaves a new CA only {SpecErrors.Format(caAge)} between its issuance and its renewal, less than a CA " +
                $"rotation takes ({SpecErrors.Format(policy.RotationDuration)}: twice the bundle propagation delay); shorten renewBefore or " +
                $"lengthen caValidity ({SpecErrors.Format(policy.CaValidity)})");
        }
    }
}
