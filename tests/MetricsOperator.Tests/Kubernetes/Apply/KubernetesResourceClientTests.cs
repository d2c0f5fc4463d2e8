using System.Net;
using System.Text;
using k8s.Models;
using MetricsOperator.Api.V1Alpha1;
using MetricsOperator.Kubernetes.Apply;
using MetricsOperator.Kubernetes.ListWatch;
using MetricsOperator.Tests.Kubernetes.Testing;

namespace MetricsOperator.Tests.Kubernetes.Apply;

public sealed class KubernetesResourceClientTests
{
    private static readonly ResourceScopes Scopes = new([typeof(MetricsBackend)]);

    [Test]
    public async Task Apply_of_an_APIService_is_a_forced_server_side_apply_with_our_field_manager()
    {
        var api = new ApiRecorder(request => ApiRecorder.Json(request.Body!));
        var client = new KubernetesResourceClient(api.Endpoint(), Scopes);
        var desired = new V1APIService
        {
            Metadata = new V1ObjectMeta { Name = "v1beta1.metrics.k8s.io" },
            Spec = new V1APIServiceSpec { Group = "metrics.k8s.io", Version = "v1beta1", CaBundle = Encoding.ASCII.GetBytes("PEM"), GroupPriorityMinimum = 100, VersionPriority = 100 },
        };

        var applied = await client.ApplyAsync(desired, CancellationToken.None);

        var request = api.Single;
        Assert.That(request.Method, Is.EqualTo("PATCH"));
        Assert.That(request.PathAndQuery, Is.EqualTo("/apis/apiregistration.k8s.io/v1/apiservices/v1beta1.metrics.k8s.io?fieldManager=metrics-operator&force=true"));
        Assert.That(request.ContentType, Is.EqualTo("application/apply-patch+yaml"));
        Assert.That(request.Authorization, Is.EqualTo("Bearer test-token"));
        Assert.That(request.Json!["apiVersion"]!.GetValue<string>(), Is.EqualTo("apiregistration.k8s.io/v1"), "filled from the entity attribute");
        Assert.That(request.Json["kind"]!.GetValue<string>(), Is.EqualTo("APIService"));
        Assert.That(request.Json["spec"]!["caBundle"]!.GetValue<string>(), Is.EqualTo(Convert.ToBase64String(Encoding.ASCII.GetBytes("PEM"))));
        Assert.That(applied.Spec.GroupPriorityMinimum, Is.EqualTo(100));
    }

    [TestCase(typeof(V1Secret), "ns", "s", "/api/v1/namespaces/ns/secrets/s")]
    [TestCase(typeof(V1Service), "ns", "svc", "/api/v1/namespaces/ns/services/svc")]
    [TestCase(typeof(V1Lease), "ns", "l", "/apis/coordination.k8s.io/v1/namespaces/ns/leases/l")]
    [TestCase(typeof(V1ClusterRole), null, "metrics-operator:metrics-reader", "/apis/rbac.authorization.k8s.io/v1/clusterroles/metrics-operator%3Ametrics-reader")]
    [TestCase(typeof(V1ClusterRoleBinding), null, "b", "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/b")]
    [TestCase(typeof(MetricsBackend), null, "default", "/apis/metricsoperator.dev/v1alpha1/metricsbackends/default")]
    public void Object_paths_follow_group_version_plural_and_scope(Type kind, string? ns, string name, string path)
    {
        Assert.That("/" + ResourceType.Of(kind, Scopes).ObjectPath(ns, name), Is.EqualTo(path));
    }

    [Test]
    public void A_namespaced_kind_without_a_namespace_and_a_cluster_scoped_kind_with_one_are_refused()
    {
        Assert.That(() => ResourceType.Of<V1Secret>().ObjectPath(null, "s"), Throws.ArgumentException.With.Message.Contains("secrets is namespaced"));
        Assert.That(() => ResourceType.Of<V1ClusterRole>().ObjectPath("ns", "r"), Throws.ArgumentException.With.Message.Contains("clusterroles.rbac.authorization.k8s.io is cluster-scoped"));
        Assert.That(() => ResourceType.Of<string>(), Throws.ArgumentException.With.Message.Contains("[KubernetesEntity]"));
    }

    [Test]
    public async Task Apply_of_a_namespaced_object_addresses_its_namespace()
    {
        var api = new ApiRecorder(request => ApiRecorder.Json(request.Body!));
        var client = new KubernetesResourceClient(api.Endpoint(), Scopes);

        await client.ApplyAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "metrics-operator-ca", NamespaceProperty = "ops" }, Type = "Opaque" }, CancellationToken.None);

        Assert.That(api.Single.PathAndQuery, Is.EqualTo("/api/v1/namespaces/ops/secrets/metrics-operator-ca?fieldManager=metrics-operator&force=true"));
        Assert.That(api.Single.Json!["apiVersion"]!.GetValue<string>(), Is.EqualTo("v1"));
        Assert.That(api.Single.Json["kind"]!.GetValue<string>(), Is.EqualTo("Secret"));
    }

    [Test]
    public async Task Apply_status_sends_identity_and_status_only_to_the_status_subresource()
    {
        var api = new ApiRecorder(request => ApiRecorder.Json(request.Body!));
        var client = new KubernetesResourceClient(api.Endpoint(), Scopes);
        var backend = new MetricsBackend
        {
            Metadata = new V1ObjectMeta { Name = "default", Generation = 4, Labels = new Dictionary<string, string> { ["x"] = "y" } },
            Status = new MetricsBackendStatus { ObservedGeneration = 4 },
        };

        await client.ApplyStatusAsync(backend, CancellationToken.None);

        var request = api.Single;
        Assert.That(request.PathAndQuery, Is.EqualTo("/apis/metricsoperator.dev/v1alpha1/metricsbackends/default/status?fieldManager=metrics-operator&force=true"));
        Assert.That(request.ContentType, Is.EqualTo("application/apply-patch+yaml"));
        Assert.That(request.Body, Is.EqualTo("""{"apiVersion":"metricsoperator.dev/v1alpha1","kind":"MetricsBackend","metadata":{"name":"default"},"status":{"observedGeneration":4}}"""));
    }

    [Test]
    public async Task Create_of_a_nameless_review_posts_to_its_cluster_scoped_collection()
    {
        // The generated attributes of the review kinds carry no plural name; the path must still be the collection.
        var api = new ApiRecorder(request => ApiRecorder.Json(
            """{"apiVersion":"authentication.k8s.io/v1","kind":"TokenReview","status":{"authenticated":true,"user":{"username":"jane"}}}""",
            HttpStatusCode.Created));
        var client = new KubernetesResourceClient(api.Endpoint());

        var answer = await client.CreateAsync(new V1TokenReview { Spec = new V1TokenReviewSpec { Token = "t" } }, CancellationToken.None);

        var request = api.Single;
        Assert.That(request.Method, Is.EqualTo("POST"));
        Assert.That(request.PathAndQuery, Is.EqualTo("/apis/authentication.k8s.io/v1/tokenreviews"));
        Assert.That(request.Json!["apiVersion"]!.GetValue<string>(), Is.EqualTo("authentication.k8s.io/v1"), "filled from the entity attribute");
        Assert.That(request.Json["kind"]!.GetValue<string>(), Is.EqualTo("TokenReview"));
        Assert.That(request.Json["spec"]!.ToJsonString(), Is.EqualTo("""{"token":"t"}"""));
        Assert.That(request.Json["metadata"], Is.Null, "no name, no metadata");
        Assert.That(answer.Status.User.Username, Is.EqualTo("jane"));
        Assert.That("/" + ResourceType.Of<V1SubjectAccessReview>().CollectionPath(null), Is.EqualTo("/apis/authorization.k8s.io/v1/subjectaccessreviews"));
    }

    [Test]
    public async Task Get_returns_null_for_a_missing_object()
    {
        var api = new ApiRecorder(_ => ApiRecorder.Failure(HttpStatusCode.NotFound, "NotFound", "secrets \"s\" not found"));
        var client = new KubernetesResourceClient(api.Endpoint());

        var secret = await client.GetAsync<V1Secret>("ns", "s", CancellationToken.None);

        Assert.That(secret, Is.Null);
        Assert.That(api.Single.Method, Is.EqualTo("GET"));
        Assert.That(api.Single.PathAndQuery, Is.EqualTo("/api/v1/namespaces/ns/secrets/s"));
    }

    [Test]
    public async Task Get_returns_the_object()
    {
        var api = new ApiRecorder(_ => ApiRecorder.Json(new V1Service { ApiVersion = "v1", Kind = "Service", Metadata = new V1ObjectMeta { Name = "svc", Uid = "u1" } }));
        var client = new KubernetesResourceClient(api.Endpoint());

        var service = await client.GetAsync<V1Service>("ns", "svc", CancellationToken.None);

        Assert.That(service?.Metadata.Uid, Is.EqualTo("u1"));
    }

    [Test]
    public void A_forbidden_call_carries_the_status_code_and_the_servers_message()
    {
        const string message = "clusterroles.rbac.authorization.k8s.io \"metrics-operator:metrics-reader\" is forbidden: " +
            "User \"system:serviceaccount:ops:metrics-operator\" cannot patch resource \"clusterroles\" in API group \"rbac.authorization.k8s.io\" at the cluster scope";
        var api = new ApiRecorder(_ => ApiRecorder.Failure(HttpStatusCode.Forbidden, "Forbidden", message));
        var client = new KubernetesResourceClient(api.Endpoint());

        var error = Assert.ThrowsAsync<KubernetesApiException>(() =>
            client.ApplyAsync(new V1ClusterRole { Metadata = new V1ObjectMeta { Name = "metrics-operator:metrics-reader" } }, CancellationToken.None));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(error.Status?.Reason, Is.EqualTo("Forbidden"));
        Assert.That(error.Message, Does.Contain("PATCH").And.Contain("403").And.Contain(message));
    }

    [Test]
    public async Task Delete_sends_the_uid_precondition_and_ignores_a_missing_object()
    {
        var api = new ApiRecorder(_ => ApiRecorder.Failure(HttpStatusCode.NotFound, "NotFound", "not found"));
        var client = new KubernetesResourceClient(api.Endpoint());

        await client.DeleteAsync<V1APIService>(null, "v1beta1.metrics.k8s.io", CancellationToken.None, preconditionUid: "uid-7");

        var request = api.Single;
        Assert.That(request.Method, Is.EqualTo("DELETE"));
        Assert.That(request.PathAndQuery, Is.EqualTo("/apis/apiregistration.k8s.io/v1/apiservices/v1beta1.metrics.k8s.io"));
        Assert.That(request.ContentType, Is.EqualTo("application/json"));
        Assert.That(request.Json!["preconditions"]!["uid"]!.GetValue<string>(), Is.EqualTo("uid-7"));
        Assert.That(request.Json["propagationPolicy"]!.GetValue<string>(), Is.EqualTo("Background"));
    }

    [Test]
    public void A_failed_delete_is_thrown()
    {
        var api = new ApiRecorder(_ => ApiRecorder.Failure(HttpStatusCode.Conflict, "Conflict", "Precondition failed: UID in precondition: uid-7, UID in object meta: uid-8"));
        var client = new KubernetesResourceClient(api.Endpoint());

        var error = Assert.ThrowsAsync<KubernetesApiException>(() => client.DeleteAsync<V1Secret>("ns", "s", CancellationToken.None, "uid-7"));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(error.Message, Does.Contain("Precondition failed"));
    }

    [Test]
    public async Task Patch_metadata_and_status_are_merge_patches()
    {
        var api = new ApiRecorder(request => ApiRecorder.Json(new MetricsBackend { Metadata = new V1ObjectMeta { Name = "default" } }));
        var client = new KubernetesResourceClient(api.Endpoint(), Scopes);

        await client.PatchMetadataAsync<MetricsBackend>(null, "default", new { metadata = new { finalizers = new[] { "metricsoperator.dev/apiservice-cleanup" }, resourceVersion = "12" } }, CancellationToken.None);
        await client.PatchStatusAsync<MetricsBackend>(null, "default", new { status = new { observedGeneration = 3 } }, CancellationToken.None);

        var (metadata, status) = (api.Requests[0], api.Requests[1]);
        Assert.That(metadata.PathAndQuery, Is.EqualTo("/apis/metricsoperator.dev/v1alpha1/metricsbackends/default"));
        Assert.That(metadata.ContentType, Is.EqualTo("application/merge-patch+json"));
        Assert.That(metadata.Body, Is.EqualTo("""{"metadata":{"finalizers":["metricsoperator.dev/apiservice-cleanup"],"resourceVersion":"12"}}"""));
        Assert.That(status.PathAndQuery, Is.EqualTo("/apis/metricsoperator.dev/v1alpha1/metricsbackends/default/status"));
        Assert.That(status.ContentType, Is.EqualTo("application/merge-patch+json"));
        Assert.That(status.Body, Is.EqualTo("""{"status":{"observedGeneration":3}}"""));
    }

    [Test]
    public async Task List_follows_continue_tokens_with_the_label_selector()
    {
        var api = new ApiRecorder(request => ApiRecorder.Json(request.PathAndQuery.Contains("continue=", StringComparison.Ordinal)
            ? new V1SecretList { Metadata = new V1ListMeta { ResourceVersion = "9" }, Items = [new V1Secret { Metadata = new V1ObjectMeta { Name = "b" } }] }
            : new V1SecretList { Metadata = new V1ListMeta { ResourceVersion = "9", ContinueProperty = "next/1" }, Items = [new V1Secret { Metadata = new V1ObjectMeta { Name = "a" } }] }));
        var client = new KubernetesResourceClient(api.Endpoint());

        var secrets = await client.ListAsync<V1Secret>("ops", "app.kubernetes.io/managed-by=metrics-operator", CancellationToken.None);

        Assert.That(secrets.Select(s => s.Metadata.Name), Is.EqualTo(new[] { "a", "b" }));
        Assert.That(api.Requests.Select(r => r.PathAndQuery), Is.EqualTo(new[]
        {
            "/api/v1/namespaces/ops/secrets?labelSelector=app.kubernetes.io%2Fmanaged-by%3Dmetrics-operator&limit=500",
            "/api/v1/namespaces/ops/secrets?labelSelector=app.kubernetes.io%2Fmanaged-by%3Dmetrics-operator&limit=500&continue=next%2F1",
        }));
    }
}
