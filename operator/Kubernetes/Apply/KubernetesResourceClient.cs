using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using MetricsOperator.Kubernetes.ListWatch;
using MetricsOperator.Kubernetes.Serialization;

namespace MetricsOperator.Kubernetes.Apply;

/// <summary>
/// <see cref="IKubernetesResourceClient"/> over raw REST calls with the client's connection: one code path for
/// built-in and custom kinds, and full control of query strings and content types (server-side apply needs both).
/// </summary>
internal sealed class KubernetesResourceClient : IKubernetesResourceClient
{
    public const string FieldManager = "metrics-operator";
    public const string ApplyPatchContentType = "application/apply-patch+yaml";
    public const string MergePatchContentType = "application/merge-patch+json";
    private const string Json = "application/json";
    private const int ListPageSize = 500;
    private const string ApplyQuery = "?fieldManager=" + FieldManager + "&force=true";

    private readonly KubernetesApiEndpoint _endpoint;
    private readonly ResourceScopes _scopes;

    public KubernetesResourceClient(KubernetesApiEndpoint endpoint, ResourceScopes? scopes = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        _endpoint = endpoint;
        _scopes = scopes ?? ResourceScopes.BuiltIn;
    }

    public async Task<T?> GetAsync<T>(string? ns, string name, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var path = Type<T>().ObjectPath(ns, name);
        using var response = await _endpoint.SendAsync(HttpMethod.Get, path, Json, null, cancellationToken).ConfigureAwait(false);
        return response.StatusCode == HttpStatusCode.NotFound ? null : await ReadAsync<T>(response, cancellationToken).ConfigureAwait(false);
    }

    public Task<T> ApplyAsync<T>(T desired, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var (type, body) = ApplyBody(desired);
        return SendAsync<T>(HttpMethod.Patch, type.ObjectPath(desired.Metadata.NamespaceProperty, desired.Metadata.Name) + ApplyQuery, body, ApplyPatchContentType, cancellationToken);
    }

    public Task<T> ApplyStatusAsync<T>(T desiredWithStatus, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var (type, body) = ApplyBody(desiredWithStatus);

        // Only identity and status: fields outside the subresource would be dropped by the server anyway, and
        // claiming them would make this manager an owner of spec fields it never sets.
        var sparse = new JsonObject
        {
            ["apiVersion"] = body["apiVersion"]?.DeepClone(),
            ["kind"] = body["kind"]?.DeepClone(),
            ["metadata"] = new JsonObject
            {
                ["name"] = desiredWithStatus.Metadata.Name,
                ["namespace"] = desiredWithStatus.Metadata.NamespaceProperty,
            },
            ["status"] = body["status"]?.DeepClone(),
        };
        if (desiredWithStatus.Metadata.NamespaceProperty is null)
        {
            ((JsonObject)sparse["metadata"]!).Remove("namespace");
        }

        return SendAsync<T>(
            HttpMethod.Patch,
            type.ObjectPath(desiredWithStatus.Metadata.NamespaceProperty, desiredWithStatus.Metadata.Name) + "/status" + ApplyQuery,
            sparse,
            ApplyPatchContentType,
            cancellationToken);
    }

    public Task<T> PatchStatusAsync<T>(string? ns, string name, object mergePatch, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        SendAsync<T>(HttpMethod.Patch, Type<T>().ObjectPath(ns, name) + "/status", ToNode(mergePatch), MergePatchContentType, cancellationToken);

    public Task<T> PatchMetadataAsync<T>(string? ns, string name, object mergePatch, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        SendAsync<T>(HttpMethod.Patch, Type<T>().ObjectPath(ns, name), ToNode(mergePatch), MergePatchContentType, cancellationToken);

    public Task<T> CreateAsync<T>(T item, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        // No name needed: reviews (TokenReview, SubjectAccessReview) have none, and generateName is valid for any kind.
        var (type, body) = Body(item, requireName: false);
        return SendAsync<T>(HttpMethod.Post, type.CollectionPath(type.ClusterScoped ? null : item.Metadata?.NamespaceProperty ?? string.Empty), body, Json, cancellationToken);
    }

    public Task<T> ReplaceAsync<T>(T item, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var (type, body) = ApplyBody(item);
        return SendAsync<T>(HttpMethod.Put, type.ObjectPath(item.Metadata.NamespaceProperty, item.Metadata.Name), body, Json, cancellationToken);
    }

    public async Task DeleteAsync<T>(string? ns, string name, CancellationToken cancellationToken, string? preconditionUid = null)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var options = new V1DeleteOptions
        {
            ApiVersion = "v1",
            Kind = "DeleteOptions",
            PropagationPolicy = "Background",
            Preconditions = preconditionUid is null ? null : new V1Preconditions { Uid = preconditionUid },
        };
        using var content = new StringContent(KubernetesJsonSerializer.Serialize(options), Encoding.UTF8, Json);
        using var response = await _endpoint.SendAsync(HttpMethod.Delete, Type<T>().ObjectPath(ns, name), Json, content, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.NotFound && !response.IsSuccessStatusCode)
        {
            throw await KubernetesApiException.FromResponseAsync(response.RequestMessage!, response, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<IList<T>> ListAsync<T>(string? ns, string? labelSelector, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var type = Type<T>();
        var query = new ResourceQuery(type.Plural, type.CollectionPath(ns)) { LabelSelector = labelSelector };
        var items = new List<T>();
        string? next = null;
        do
        {
            using var response = await _endpoint.SendAsync(HttpMethod.Get, query.ListUri(new ListRequest(ListPageSize, next)), Json, null, cancellationToken).ConfigureAwait(false);
            var page = await ReadAsync<ResourceList<T>>(response, cancellationToken).ConfigureAwait(false);
            items.AddRange(page.Items);
            next = page.Metadata?.ContinueProperty;
        }
        while (!string.IsNullOrEmpty(next));

        return items;
    }

    private static JsonNode ToNode(object mergePatch)
    {
        ArgumentNullException.ThrowIfNull(mergePatch);
        return mergePatch as JsonNode
            ?? JsonNode.Parse(mergePatch as string ?? KubernetesJsonSerializer.Serialize(mergePatch))
            ?? throw new ArgumentException("a merge patch must be a JSON object", nameof(mergePatch));
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw await KubernetesApiException.FromResponseAsync(response.RequestMessage!, response, cancellationToken).ConfigureAwait(false);
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return KubernetesJsonSerializer.Deserialize<T>(body)
            ?? throw new KubernetesApiException(string.Create(CultureInfo.InvariantCulture, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath} returned an empty body"));
    }

    private (ResourceType Type, JsonObject Body) ApplyBody<T>(T desired)
        where T : class, IKubernetesObject<V1ObjectMeta> => Body(desired, requireName: true);

    private (ResourceType Type, JsonObject Body) Body<T>(T desired, bool requireName)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(desired);
        if (requireName && string.IsNullOrEmpty(desired.Metadata?.Name))
        {
            throw new ArgumentException($"a {typeof(T).Name} to apply needs metadata.name", nameof(desired));
        }

        var type = Type<T>();
        var body = JsonNode.Parse(KubernetesJsonSerializer.Serialize(desired))!.AsObject();

        // Apply requires apiVersion and kind; the attribute knows them even when the caller left them out.
        body["apiVersion"] = type.ApiVersion;
        body["kind"] = type.Kind;
        return (type, body);
    }

    private ResourceType Type<T>() => ResourceType.Of<T>(_scopes);

    private async Task<T> SendAsync<T>(HttpMethod method, string path, JsonNode body, string contentType, CancellationToken cancellationToken)
    {
        // The JSON text is sent as is; JSON is valid YAML, which is what the apply content type declares.
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        using var response = await _endpoint.SendAsync(method, path, Json, content, cancellationToken).ConfigureAwait(false);
        return await ReadAsync<T>(response, cancellationToken).ConfigureAwait(false);
    }
}
