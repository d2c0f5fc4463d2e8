using MetricsOperator.Api.V1Alpha1;
using MetricsOperator.Kubernetes.Selectors;

namespace MetricsOperator.Reconciliation.Spec;

/// <summary>
/// Turns a MetricsBackend spec into <see cref="BackendSettings"/>: applies the CRD's defaults again (an object
/// stored before a default existed behaves the same) and checks what the schema cannot express. Every problem is
/// reported, each naming its field, e.g. <c>spec.scraping.timeout: 14s is above 90% of the resolution (13.5s)</c>.
/// </summary>
internal static class BackendSpecInterpreter
{
    public const int DefaultGroupPriorityMinimum = 100;
    public const int DefaultVersionPriority = 100;
    public const string DefaultPodSelectorKey = "app.kubernetes.io/name";
    public const string DefaultPodSelectorValue = "metrics-operator";

    public static BackendSpecResult Interpret(MetricsBackendSpec? spec, DevelopmentMode dev)
    {
        ArgumentNullException.ThrowIfNull(dev);
        spec ??= new MetricsBackendSpec();
        var errors = new SpecErrors();
        var (scrape, caSecret) = ScrapingSpecReader.Read(spec.Scraping, dev, errors);
        var certificates = CertificatesSpecReader.Read(spec.Certificates, dev, errors);
        var apiService = ReadApiService(spec.ApiService, errors);
        var podSelector = ReadPodSelector(spec.Serving?.PodSelector, errors);
        var subjects = ReaderSubjectsSpecReader.Read(spec.Access, errors);
        if (errors.Count > 0 || scrape is null || certificates is null)
        {
            return new BackendSpecResult(null, errors.All);
        }

        var settings = new BackendSettings(
            scrape, spec.Serving?.SwapUsage ?? false, certificates, apiService, podSelector, subjects, caSecret);
        return new BackendSpecResult(settings, []);
    }

    private static ApiServiceSettings ReadApiService(ApiServiceSpec? spec, SpecErrors errors)
    {
        const string path = "spec.apiService";
        var group = spec?.GroupPriorityMinimum ?? DefaultGroupPriorityMinimum;
        var version = spec?.VersionPriority ?? DefaultVersionPriority;

        // The API server's own APIService validation.
        if (group is < 1 or > 20000)
        {
            errors.Add(path + ".groupPriorityMinimum", $"{group} is outside 1-20000");
        }

        if (version is < 1 or > 1000)
        {
            errors.Add(path + ".versionPriority", $"{version} is outside 1-1000");
        }

        return new ApiServiceSettings(group, version, spec?.Takeover ?? false, spec?.InsecureSkipTlsVerify ?? false);
    }

    private static IReadOnlyDictionary<string, string> ReadPodSelector(IDictionary<string, string>? selector, SpecErrors errors)
    {
        const string path = "spec.serving.podSelector";
        if (selector is null)
        {
            return new Dictionary<string, string>(StringComparer.Ordinal) { [DefaultPodSelectorKey] = DefaultPodSelectorValue };
        }

        // An empty selector would leave the Service without endpoints (the API server selects nothing for it).
        if (selector.Count == 0)
        {
            errors.Add(path, "must have at least one label");
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in selector)
        {
            var problem = LabelSyntax.ValidateKey(key) ?? LabelSyntax.ValidateValue(key, value ?? string.Empty);
            if (problem is not null)
            {
                errors.Add(path, problem);
            }
            else
            {
                result[key] = value ?? string.Empty;
            }
        }

        return result;
    }
}
