using MetricsOperator.Api.V1Alpha1;
using MetricsOperator.Kubernetes.Selectors;
using MetricsOperator.Scraping;

namespace MetricsOperator.Reconciliation.Spec;

/// <summary>Reads <c>spec.scraping</c> into <see cref="ScrapeSettings"/>, with the CRD's defaults and the rules a schema cannot express.</summary>
internal static class ScrapingSpecReader
{
    public const string DefaultCaSecretKey = "ca.crt";
    public static readonly TimeSpan DefaultResolution = TimeSpan.FromSeconds(15);

    private const string Path = "spec.scraping";

    public static (ScrapeSettings? Settings, SecretKeyReference? CaSecret) Read(ScrapingSpec? spec, DevelopmentMode dev, SpecErrors errors)
    {
        spec ??= new ScrapingSpec();
        var before = errors.Count;
        var resolution = errors.Duration(Path + ".resolution", spec.Resolution, DefaultResolution);
        errors.OptionalDuration(Path + ".timeout", spec.Timeout, out var timeout);
        errors.OptionalDuration(Path + ".stalenessBound", spec.StalenessBound, out var staleness);
        if (resolution is { } r)
        {
            CheckTimings(r, timeout, staleness, dev, errors);
        }

        var addressTypes = ReadAddressTypes(spec.PreferredAddressTypes, errors);
        var selector = spec.NodeSelector ?? string.Empty;
        if (!LabelSelector.TryParse(selector, out _, out var selectorError))
        {
            errors.Add(Path + ".nodeSelector", $"\"{selector}\" is not a label selector: {selectorError}");
        }

        var (caBundle, caSecret, insecure) = KubeletTlsSpecReader.Read(spec.KubeletTls, Path + ".kubeletTLS", errors);
        if (errors.Count > before || resolution is null)
        {
            return (null, null);
        }

        var settings = new ScrapeSettings
        {
            Resolution = resolution.Value,
            Timeout = timeout,
            StalenessBound = staleness,
            PreferredAddressTypes = addressTypes,
            UseNodeStatusPort = spec.UseNodeStatusPort ?? true,
            NodeSelector = selector,
            KubeletCaBundlePem = caBundle,
            InsecureSkipKubeletTlsVerify = insecure,
        };

        // The scraper's own rules too, so nothing the scraper would refuse gets through.
        foreach (var problem in settings.Validate(dev.MinimumResolution))
        {
            errors.Add(Path, problem);
        }

        return errors.Count > before ? (null, null) : (settings, caSecret);
    }

    private static void CheckTimings(TimeSpan resolution, TimeSpan? timeout, TimeSpan? staleness, DevelopmentMode dev, SpecErrors errors)
    {
        if (resolution < dev.MinimumResolution)
        {
            var hint = dev.Enabled ? string.Empty : " (--development-mode allows shorter ones)";
            errors.Add(Path + ".resolution", $"{SpecErrors.Format(resolution)} is below the minimum of {SpecErrors.Format(dev.MinimumResolution)}{hint}");
        }

        if (timeout is { } t)
        {
            var limit = resolution * 0.9;
            if (t <= TimeSpan.Zero)
            {
                errors.Add(Path + ".timeout", "must be positive");
            }
            else if (t > limit)
            {
                errors.Add(Path + ".timeout", $"{SpecErrors.Format(t)} is above 90% of the resolution ({SpecErrors.Format(limit)})");
            }
        }

        if (staleness is { } s && s < resolution)
        {
            errors.Add(Path + ".stalenessBound", $"{SpecErrors.Format(s)} is below the resolution ({SpecErrors.Format(resolution)})");
        }
    }

    private static IReadOnlyList<NodeAddressType> ReadAddressTypes(IList<string>? names, SpecErrors errors)
    {
        const string path = Path + ".preferredAddressTypes";
        if (names is null)
        {
            return [NodeAddressType.InternalIP, NodeAddressType.ExternalIP, NodeAddressType.Hostname];
        }

        if (names.Count == 0)
        {
            errors.Add(path, "must name at least one address type");
        }

        var types = new List<NodeAddressType>(names.Count);
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i];

            // Exact, case-sensitive names as in Node.status.addresses; no numeric enum values.
            if (!Enum.TryParse<NodeAddressType>(name, ignoreCase: false, out var type) || !Enum.GetNames<NodeAddressType>().Contains(name))
            {
                errors.Add($"{path}[{i}]", $"\"{name}\" is not one of {string.Join(", ", Enum.GetNames<NodeAddressType>())}");
            }
            else if (types.Contains(type))
            {
                errors.Add($"{path}[{i}]", $"\"{name}\" is listed twice");
            }
            else
            {
                types.Add(type);
            }
        }

        return types;
    }
}
