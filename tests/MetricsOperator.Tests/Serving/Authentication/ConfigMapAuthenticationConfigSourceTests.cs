using System.Net;
using k8s.Models;
using MetricsOperator.Kubernetes.Informers;
using MetricsOperator.Kubernetes.ListWatch;
using MetricsOperator.Serving.Authentication;
using MetricsOperator.Tests.Kubernetes.Testing;
using MetricsOperator.Tests.Serving.Authentication.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using static MetricsOperator.Tests.Kubernetes.Testing.FakeApiServerHandler;

namespace MetricsOperator.Tests.Serving.Authentication;

public sealed class ConfigMapAuthenticationConfigSourceTests
{
    private TestPki _pki = null!;
    private ConfigMapAuthenticationConfigSource _source = null!;

    [SetUp]
    public void Create()
    {
        _pki = new TestPki();
        _source = new ConfigMapAuthenticationConfigSource("kube-system", AuthenticationConfigMap.DefaultName, NullLogger<ConfigMapAuthenticationConfigSource>.Instance);
    }

    [TearDown]
    public void DisposePki() => _pki.Dispose();

    [Test]
    public void Before_the_first_list_nothing_is_trusted_and_it_has_not_synced()
    {
        Assert.That((_source.Current, _source.HasSynced), Is.EqualTo((AuthenticationConfig.Empty, false)));
    }

    [Test]
    public void A_listed_ConfigMap_is_applied_and_marks_the_source_synced()
    {
        _source.Replace([_pki.ConfigMap()]);

        Assert.That(_source.HasSynced, Is.True);
        Assert.That(_source.Current.ClientAuthorities?.Pem, Is.EqualTo(_pki.ClientAuthority.CertificatePem));
    }

    [Test]
    public void An_absent_or_deleted_ConfigMap_leaves_no_CA_trusted()
    {
        _source.Replace([]);
        var absent = _source.Current;
        _source.Upsert(_pki.ConfigMap());
        _source.Remove(_pki.ConfigMap());

        Assert.That((absent, _source.Current, _source.HasSynced), Is.EqualTo((AuthenticationConfig.Empty, AuthenticationConfig.Empty, true)));
    }

    [Test]
    public void A_ConfigMap_that_does_not_parse_is_refused_and_the_previous_configuration_stays()
    {
        _source.Replace([_pki.ConfigMap()]);
        var good = _source.Current;
        var broken = _pki.ConfigMap();
        broken.Data[AuthenticationConfigMap.AllowedNamesKey] = "front-proxy-client";

        _source.Upsert(broken);

        Assert.That(_source.Current, Is.SameAs(good));
        Assert.That(_source.LastError, Does.Contain("requestheader-allowed-names"));
    }

    [Test]
    public void Other_ConfigMaps_are_ignored()
    {
        _source.Replace([_pki.ConfigMap()]);
        var good = _source.Current;
        var other = _pki.ConfigMap("[]");
        other.Metadata.Name = "something-else";

        _source.Upsert(other);
        _source.Remove(other);

        Assert.That(_source.Current, Is.SameAs(good));
    }

    [Test]
    public async Task An_informer_on_the_one_ConfigMap_applies_a_rotated_CA_seen_by_its_watch()
    {
        var watches = 0;
        var handler = new FakeApiServerHandler(request => !request.RequestUri!.Query.Contains("watch=true", StringComparison.Ordinal)
            ? Json(ListOf(_pki.ConfigMap(), "11"))
            : Interlocked.Increment(ref watches) == 1
                ? Lines(WatchEvent("MODIFIED", _pki.ConfigMap(clientCaPem: _pki.RogueAuthority.CertificatePem), "12"))
                // Later watches fail, so the informer waits in backoff on the fake clock instead of spinning.
                : Json("""{"kind":"Status","apiVersion":"v1","status":"Failure","code":500}""", HttpStatusCode.InternalServerError));
        using var client = ClientFor(handler);
        var informer = new Informer<V1ConfigMap>(
            AuthenticationConfigMapListWatch.For(KubernetesApiEndpoint.FromClient(client), "kube-system", AuthenticationConfigMap.DefaultName),
            _source,
            new InformerOptions(),
            new FakeTimeProvider(DateTimeOffset.UtcNow),
            NullLogger.Instance);
        // A generous bound: the loop below ends as soon as the CA is applied; only a starved machine comes near it.
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var running = Task.Run(() => informer.RunAsync(stop.Token));
        while (_source.Current.ClientAuthorities?.Pem != _pki.RogueAuthority.CertificatePem && !stop.IsCancellationRequested)
        {
            await Task.Delay(10);
        }

        await stop.CancelAsync();
        await running;
        Assert.Multiple(() =>
        {
            Assert.That(_source.Current.ClientAuthorities?.Pem, Is.EqualTo(_pki.RogueAuthority.CertificatePem));
            var list = handler.Requests[0].Uri;
            Assert.That(list.AbsolutePath, Is.EqualTo("/api/v1/namespaces/kube-system/configmaps"));
            Assert.That(WebUtility.UrlDecode(list.Query), Does.Contain("fieldSelector=metadata.name=extension-apiserver-authentication"));
            Assert.That(WebUtility.UrlDecode(handler.Requests[1].Uri.Query), Does.Contain("fieldSelector=metadata.name=extension-apiserver-authentication")
                .And.Contain("resourceVersion=11").And.Contain("watch=true"));
        });
    }

    private static string ListOf(V1ConfigMap configMap, string resourceVersion) =>
        k8s.KubernetesJson.Serialize(new V1ConfigMapList { ApiVersion = "v1", Kind = "ConfigMapList", Metadata = new V1ListMeta { ResourceVersion = resourceVersion }, Items = [configMap] });

    private static string WatchEvent(string type, V1ConfigMap configMap, string resourceVersion)
    {
        configMap.ApiVersion = "v1";
        configMap.Kind = "ConfigMap";
        configMap.Metadata.ResourceVersion = resourceVersion;
        return $$"""{"type":"{{type}}","object":{{k8s.KubernetesJson.Serialize(configMap)}}}""";
    }
}
