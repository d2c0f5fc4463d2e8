using MetricsOperator.Api.V1Alpha1;
using MetricsOperator.Scraping;

namespace MetricsOperator.Reconciliation.Spec;

/// <summary>Reads <c>spec.scraping.kubeletTLS</c>: a CA bundle, a Secret holding one, or the explicit insecure switch (at most one).</summary>
internal static class KubeletTlsSpecReader
{
    public static (string? CaBundle, SecretKeyReference? CaSecret, bool Insecure) Read(KubeletTlsSpec? spec, string path, SpecErrors errors)
    {
        if (spec is null)
        {
            return (null, null, false);
        }

        var insecure = spec.InsecureSkipVerify ?? false;
        var chosen = (spec.CaBundle is not null ? 1 : 0) + (spec.CaSecretRef is not null ? 1 : 0) + (insecure ? 1 : 0);
        if (chosen > 1)
        {
            errors.Add(path, "caBundle, caSecretRef and insecureSkipVerify exclude each other; set at most one");
        }

        if (spec.CaBundle is { } bundle)
        {
            CheckBundle(bundle, path + ".caBundle", errors);
        }

        SecretKeyReference? secret = null;
        if (spec.CaSecretRef is { } reference)
        {
            secret = ReadSecretReference(reference, path + ".caSecretRef", errors);
        }

        return (spec.CaBundle, secret, insecure);
    }

    private static void CheckBundle(string bundle, string path, SpecErrors errors)
    {
        try
        {
            foreach (var certificate in KubeletCaBundle.ParseBundle(bundle))
            {
                certificate.Dispose();
            }
        }
        catch (KubeletSetupException e)
        {
            errors.Add(path, e.Message);
        }
    }

    private static SecretKeyReference ReadSecretReference(SecretKeyReference reference, string path, SpecErrors errors)
    {
        if (string.IsNullOrEmpty(reference.Name))
        {
            errors.Add(path + ".name", "is required");
        }
        else if (KubernetesNames.DescribeSubdomainProblem(reference.Name) is { } nameProblem)
        {
            errors.Add(path + ".name", $"\"{reference.Name}\" is not a valid Secret name: {nameProblem}");
        }

        if (string.IsNullOrEmpty(reference.Namespace))
        {
            errors.Add(path + ".namespace", "is required (a MetricsBackend is cluster-scoped)");
        }
        else if (KubernetesNames.DescribeLabelProblem(reference.Namespace) is { } namespaceProblem)
        {
            errors.Add(path + ".namespace", $"\"{reference.Namespace}\" is not a valid namespace: {namespaceProblem}");
        }

        if (reference.Key is { Length: 0 })
        {
            errors.Add(path + ".key", "must not be empty");
        }

        return new SecretKeyReference
        {
            Name = reference.Name,
            Namespace = reference.Namespace,
            Key = reference.Key ?? ScrapingSpecReader.DefaultCaSecretKey,
        };
    }
}
