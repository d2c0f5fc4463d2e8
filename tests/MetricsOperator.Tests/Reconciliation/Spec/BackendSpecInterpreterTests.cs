using k8s.Models;
using MetricsOperator.Api.V1Alpha1;
using MetricsOperator.Certificates;
using MetricsOperator.KubeletFarm;
using MetricsOperator.Reconciliation.Spec;
using MetricsOperator.Scraping;

namespace MetricsOperator.Tests.Reconciliation.Spec;

public sealed class BackendSpecInterpreterTests
{
    [Test]
    public void An_empty_spec_gets_the_CRD_defaults()
    {
        var result = BackendSpecInterpreter.Interpret(new MetricsBackendSpec(), DevelopmentMode.Off);

        Assert.That(result.Errors, Is.Empty);
        var settings = result.Settings!;
        Assert.That(settings.Scrape.Resolution, Is.EqualTo(TimeSpan.FromSeconds(15)));
        Assert.That(settings.Scrape.PreferredAddressTypes, Is.EqualTo(new[] { NodeAddressType.InternalIP, NodeAddressType.ExternalIP, NodeAddressType.Hostname }));
        Assert.That(settings.Scrape.UseNodeStatusPort, Is.True);
        Assert.That(settings.Scrape.NodeSelector, Is.Empty);
        Assert.That(settings.Scrape.Timeout, Is.Null);
        Assert.That(settings.Scrape.InsecureSkipKubeletTlsVerify, Is.False);
        Assert.That(settings.ServeSwap, Is.False);
        Assert.That(settings.Certificates.CaValidity, Is.EqualTo(TimeSpan.FromHours(43800)));
        Assert.That(settings.Certificates.ServingValidity, Is.EqualTo(TimeSpan.FromHours(8760)));
        Assert.That(settings.Certificates.RenewBefore, Is.Null);
        Assert.That(settings.ApiService, Is.EqualTo(new ApiServiceSettings(100, 100, false, false)));
        Assert.That(settings.PodSelector, Is.EqualTo(new Dictionary<string, string> { ["app.kubernetes.io/name"] = "metrics-operator" }));
        Assert.That(settings.ExtraReaderSubjects, Is.Empty);
        Assert.That(settings.KubeletCaSecret, Is.Null);
    }

    [Test]
    public void A_null_spec_is_the_empty_spec()
    {
        Assert.That(BackendSpecInterpreter.Interpret(null, DevelopmentMode.Off).Settings, Is.Not.Null);
    }

    [Test]
    public void Given_values_replace_the_defaults()
    {
        var spec = new MetricsBackendSpec
        {
            ApiService = new ApiServiceSpec { GroupPriorityMinimum = 1000, VersionPriority = 15, Takeover = true, InsecureSkipTlsVerify = true },
            Scraping = new ScrapingSpec
            {
                Resolution = "30s",
                Timeout = "5s",
                PreferredAddressTypes = ["Hostname", "InternalIP"],
                UseNodeStatusPort = false,
                NodeSelector = "role=worker",
                KubeletTls = new KubeletTlsSpec { CaSecretRef = new SecretKeyReference { Name = "kubelet-ca", Namespace = "kube-system" } },
                StalenessBound = "1m",
            },
            Certificates = new CertificatesSpec { CaValidity = "8760h", ServingValidity = "720h", RenewBefore = "168h" },
            Serving = new ServingSpec { SwapUsage = true, PodSelector = new Dictionary<string, string> { ["app"] = "mo" } },
            Access = new AccessSpec
            {
                ExtraReaderSubjects =
                [
                    new Rbacv1Subject { Kind = "ServiceAccount", Name = "my-scheduler", NamespaceProperty = "kube-system" },
                    new Rbacv1Subject { Kind = "User", Name = "alice" },
                ],
            },
        };

        var result = BackendSpecInterpreter.Interpret(spec, DevelopmentMode.Off);

        Assert.That(result.Errors, Is.Empty);
        var settings = result.Settings!;
        Assert.That(settings.Scrape.Resolution, Is.EqualTo(TimeSpan.FromSeconds(30)));
        Assert.That(settings.Scrape.Timeout, Is.EqualTo(TimeSpan.FromSeconds(5)));
        Assert.That(settings.Scrape.EffectiveStalenessBound, Is.EqualTo(TimeSpan.FromMinutes(1)));
        Assert.That(settings.Scrape.PreferredAddressTypes, Is.EqualTo(new[] { NodeAddressType.Hostname, NodeAddressType.InternalIP }));
        Assert.That(settings.Scrape.UseNodeStatusPort, Is.False);
        Assert.That(settings.Scrape.NodeSelector, Is.EqualTo("role=worker"));
        Assert.That(settings.KubeletCaSecret, Is.Not.Null);
        Assert.That((settings.KubeletCaSecret!.Namespace, settings.KubeletCaSecret.Name, settings.KubeletCaSecret.Key), Is.EqualTo(("kube-system", "kubelet-ca", "ca.crt")));
        Assert.That(settings.Certificates, Is.EqualTo(new CertificatePolicy(TimeSpan.FromDays(365), TimeSpan.FromDays(30), TimeSpan.FromDays(7), DevelopmentMode.Off.BundlePropagationDelay)));
        Assert.That(settings.ServeSwap, Is.True);
        Assert.That(settings.ApiService, Is.EqualTo(new ApiServiceSettings(1000, 15, true, true)));
        Assert.That(settings.PodSelector, Is.EqualTo(new Dictionary<string, string> { ["app"] = "mo" }));
        Assert.That(settings.ExtraReaderSubjects.Select(s => (s.Kind, s.NamespaceProperty, s.Name, s.ApiGroup)), Is.EqualTo(new[]
        {
            ("ServiceAccount", (string?)"kube-system", "my-scheduler", (string?)null),
            ("User", null, "alice", "rbac.authorization.k8s.io"),
        }));
    }

    [Test]
    public void A_CA_bundle_is_kept_for_the_scraper()
    {
        using var ca = TestCertificateAuthority.Create("kubelet-ca");
        var spec = new MetricsBackendSpec { Scraping = new ScrapingSpec { KubeletTls = new KubeletTlsSpec { CaBundle = ca.CertificatePem } } };

        var result = BackendSpecInterpreter.Interpret(spec, DevelopmentMode.Off);

        Assert.That(result.Errors, Is.Empty);
        Assert.That(result.Settings!.Scrape.KubeletCaBundlePem, Is.EqualTo(ca.CertificatePem));
    }

    [TestCase("14s", null, "spec.scraping.timeout: 14s is above 90% of the resolution (13.5s)")]
    [TestCase("0", null, "spec.scraping.timeout: must be positive")]
    [TestCase(null, "10s", "spec.scraping.stalenessBound: 10s is below the resolution (15s)")]
    [TestCase("ten", null, "spec.scraping.timeout: \"ten\" is not a Go duration")]
    public void Timings_that_contradict_the_resolution_are_refused(string? timeout, string? staleness, string expected)
    {
        var spec = new MetricsBackendSpec { Scraping = new ScrapingSpec { Timeout = timeout, StalenessBound = staleness } };

        var result = BackendSpecInterpreter.Interpret(spec, DevelopmentMode.Off);

        Assert.That(result.Settings, Is.Null);
        Assert.That(result.Errors, Has.Count.EqualTo(1));
        Assert.That(result.Errors[0], Does.StartWith(expected));
    }

    [Test]
    public void Short_resolutions_need_the_development_mode()
    {
        var spec = new MetricsBackendSpec { Scraping = new ScrapingSpec { Resolution = "2s" } };

        var production = BackendSpecInterpreter.Interpret(spec, DevelopmentMode.Off);
        var development = BackendSpecInterpreter.Interpret(spec, DevelopmentMode.On);

        Assert.That(production.Errors, Is.EqualTo(new[] { "spec.scraping.resolution: 2s is below the minimum of 10s (--development-mode allows shorter ones)" }));
        Assert.That(development.Errors, Is.Empty);
        Assert.That(development.Settings!.Scrape.Resolution, Is.EqualTo(TimeSpan.FromSeconds(2)));
        Assert.That(BackendSpecInterpreter.Interpret(new MetricsBackendSpec { Scraping = new ScrapingSpec { Resolution = "500ms" } }, DevelopmentMode.On).Errors,
            Is.EqualTo(new[] { "spec.scraping.resolution: 500ms is below the minimum of 1s" }));
    }

    [Test]
    public void Short_certificate_lifetimes_need_the_development_mode()
    {
        var spec = new MetricsBackendSpec { Certificates = new CertificatesSpec { CaValidity = "2m", ServingValidity = "30s" } };

        Assert.That(BackendSpecInterpreter.Interpret(spec, DevelopmentMode.Off).Errors, Is.EqualTo(new[]
        {
            "spec.certificates.caValidity: 2m0s is below the minimum of 2h0m0s (--development-mode allows shorter ones)",
            "spec.certificates.servingValidity: 30s is below the minimum of 1h0m0s (--development-mode allows shorter ones)",
        }));
        var development = BackendSpecInterpreter.Interpret(spec, DevelopmentMode.On);
        Assert.That(development.Errors, Is.Empty);
        Assert.That(development.Settings!.Certificates.ServingValidity, Is.EqualTo(TimeSpan.FromSeconds(30)));
        Assert.That(development.Settings.Certificates.BundlePropagationDelay, Is.EqualTo(DevelopmentMode.On.BundlePropagationDelay));
    }

    [TestCase("720h", "720h", null, "spec.certificates.servingValidity: 720h0m0s must be shorter than the CA validity (720h0m0s)")]
    [TestCase(null, "720h", "720h", "spec.certificates.renewBefore: 720h0m0s must be shorter than the serving validity (720h0m0s)")]
    [TestCase(null, null, "0", "spec.certificates.renewBefore: must be positive")]
    [TestCase("5y", null, null, "spec.certificates.caValidity: \"5y\" is not a Go duration")]
    public void Certificate_lifetimes_must_nest(string? ca, string? serving, string? renewBefore, string expected)
    {
        var spec = new MetricsBackendSpec { Certificates = new CertificatesSpec { CaValidity = ca, ServingValidity = serving, RenewBefore = renewBefore } };

        var result = BackendSpecInterpreter.Interpret(spec, DevelopmentMode.Off);

        Assert.That(result.Settings, Is.Null);
        Assert.That(result.Errors, Has.Count.EqualTo(1));
        Assert.That(result.Errors[0], Does.StartWith(expected));
    }

    // The rotation property's counterexamples were policies like these: the next CA due before its own rotation ended.
    [TestCase(false, "2h", "1h59m", "1h58m30s", "spec.certificates.renewBefore: 1h58m30s leaves a new CA only 1m29s between its issuance and its renewal, less than a CA rotation takes (2m0s: twice the bundle propagation delay); shorten renewBefore or lengthen caValidity (2h0m0s)")]
    [TestCase(true, "10s", "9s", "7.5s", "spec.certificates.renewBefore: 7.5s leaves a new CA only 1.5s between its issuance and its renewal, less than a CA rotation takes (2s: twice the bundle propagation delay); shorten renewBefore or lengthen caValidity (10s)")]
    [TestCase(false, "2h", "1h", "59m59.5s", "spec.certificates.renewBefore: 59m59.5s leaves a serving certificate no time between its issuance and its renewal; it must be shorter than servingValidity (1h0m0s) by more than a second")]
    public void A_lead_time_leaving_no_room_for_the_next_renewal_is_refused(bool development, string ca, string serving, string renewBefore, string expected)
    {
        var spec = new MetricsBackendSpec { Certificates = new CertificatesSpec { CaValidity = ca, ServingValidity = serving, RenewBefore = renewBefore } };

        var result = BackendSpecInterpreter.Interpret(spec, DevelopmentMode.For(development));

        Assert.That(result.Settings, Is.Null);
        Assert.That(result.Errors, Is.EqualTo(new[] { expected }));
    }

    // The bound the CRD documents for renewBefore: a CA rotation (two propagation delays: 2m, or 2s in development mode) and a second.
    [TestCase(false, "1h57m59s", true)]
    [TestCase(false, "1h58m", false)]
    [TestCase(true, "1h59m57s", true)]
    [TestCase(true, "1h59m58s", false)]
    public void CaValidity_minus_renewBefore_must_cover_a_CA_rotation_and_a_second(bool development, string renewBefore, bool accepted)
    {
        var spec = new MetricsBackendSpec { Certificates = new CertificatesSpec { CaValidity = "2h", ServingValidity = "1h59m59s", RenewBefore = renewBefore } };

        var result = BackendSpecInterpreter.Interpret(spec, DevelopmentMode.For(development));

        Assert.That(result.Errors, accepted ? Is.Empty : Has.Some.Contains("leaves a new CA only"));
    }

    [Test]
    public void Every_problem_is_reported_at_once()
    {
        var spec = new MetricsBackendSpec
        {
            ApiService = new ApiServiceSpec { GroupPriorityMinimum = 0, VersionPriority = 1001 },
            Scraping = new ScrapingSpec
            {
                PreferredAddressTypes = ["InternalIP", "internalip", "InternalIP", "1"],
                NodeSelector = "role in (a",
                KubeletTls = new KubeletTlsSpec { CaBundle = "not pem", InsecureSkipVerify = true },
            },
            Serving = new ServingSpec { PodSelector = new Dictionary<string, string> { ["-bad"] = "x" } },
        };

        var errors = BackendSpecInterpreter.Interpret(spec, DevelopmentMode.Off).Errors;

        Assert.That(errors, Has.Count.EqualTo(9), string.Join("\n", errors));
        Assert.That(errors, Has.Some.StartsWith("spec.apiService.groupPriorityMinimum: 0 is outside 1-20000"));
        Assert.That(errors, Has.Some.StartsWith("spec.apiService.versionPriority: 1001 is outside 1-1000"));
        Assert.That(errors, Has.Some.StartsWith("spec.scraping.preferredAddressTypes[1]: \"internalip\" is not one of Hostname, InternalIP"));
        Assert.That(errors, Has.Some.StartsWith("spec.scraping.preferredAddressTypes[2]: \"InternalIP\" is listed twice"));
        Assert.That(errors, Has.Some.StartsWith("spec.scraping.preferredAddressTypes[3]: \"1\" is not one of"));
        Assert.That(errors, Has.Some.StartsWith("spec.scraping.nodeSelector: \"role in (a\" is not a label selector: "));
        Assert.That(errors, Has.Some.StartsWith("spec.scraping.kubeletTLS: caBundle, caSecretRef and insecureSkipVerify exclude each other"));
        Assert.That(errors, Has.Some.StartsWith("spec.scraping.kubeletTLS.caBundle: kubelet CA bundle contains no certificate"));
        Assert.That(errors, Has.Some.StartsWith("spec.serving.podSelector: invalid label key \"-bad\""));
    }

    [Test]
    public void Secret_references_and_pod_selectors_are_checked()
    {
        var spec = new MetricsBackendSpec
        {
            Scraping = new ScrapingSpec { KubeletTls = new KubeletTlsSpec { CaSecretRef = new SecretKeyReference { Name = "Bad_Name", Key = "" } } },
            Serving = new ServingSpec { PodSelector = new Dictionary<string, string>() },
        };

        var errors = BackendSpecInterpreter.Interpret(spec, DevelopmentMode.Off).Errors;

        Assert.That(errors, Is.EquivalentTo(new[]
        {
            "spec.scraping.kubeletTLS.caSecretRef.name: \"Bad_Name\" is not a valid Secret name: must consist of lowercase alphanumeric characters, '-' or '.', and start and end with an alphanumeric character",
            "spec.scraping.kubeletTLS.caSecretRef.namespace: is required (a MetricsBackend is cluster-scoped)",
            "spec.scraping.kubeletTLS.caSecretRef.key: must not be empty",
            "spec.serving.podSelector: must have at least one label",
        }));
    }

    [Test]
    public void Malformed_subjects_are_refused_naming_each()
    {
        var spec = new MetricsBackendSpec
        {
            Access = new AccessSpec
            {
                ExtraReaderSubjects =
                [
                    new Rbacv1Subject { Kind = "ServiceAccount", Name = "sched" },
                    new Rbacv1Subject { Kind = "ServiceAccount", Name = "sched", NamespaceProperty = "ns", ApiGroup = "rbac.authorization.k8s.io" },
                    new Rbacv1Subject { Kind = "Robot", Name = "r2d2" },
                    new Rbacv1Subject { Kind = "Group", Name = "ops", ApiGroup = "example.com" },
                    new Rbacv1Subject { Kind = "User", Name = "" },
                ],
            },
        };

        var errors = BackendSpecInterpreter.Interpret(spec, DevelopmentMode.Off).Errors;

        Assert.That(errors, Is.EqualTo(new[]
        {
            "spec.access.extraReaderSubjects[0].namespace: is required for a ServiceAccount",
            "spec.access.extraReaderSubjects[1].apiGroup: must be empty for a ServiceAccount, not \"rbac.authorization.k8s.io\"",
            "spec.access.extraReaderSubjects[2].kind: \"Robot\" is not one of ServiceAccount, User, Group",
            "spec.access.extraReaderSubjects[3].apiGroup: \"example.com\" is not valid for a Group; use rbac.authorization.k8s.io or leave it out",
            "spec.access.extraReaderSubjects[4].name: is required",
        }));
    }

    [Test]
    public void Duplicate_subjects_are_bound_once()
    {
        var alice = new Rbacv1Subject { Kind = "User", Name = "alice" };
        var spec = new MetricsBackendSpec { Access = new AccessSpec { ExtraReaderSubjects = [alice, new Rbacv1Subject { Kind = "User", Name = "alice", ApiGroup = "rbac.authorization.k8s.io" }] } };

        Assert.That(BackendSpecInterpreter.Interpret(spec, DevelopmentMode.Off).Settings!.ExtraReaderSubjects, Has.Count.EqualTo(1));
    }
}
