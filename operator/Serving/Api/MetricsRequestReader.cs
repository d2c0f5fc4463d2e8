using System.Diagnostics.CodeAnalysis;
using MetricsOperator.Kubernetes.Selectors;
using MetricsOperator.Serving.Responses;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace MetricsOperator.Serving.Api;

/// <summary>
/// Reads the parts of a metrics request that every endpoint treats alike, or says which Status answers it instead.
/// <c>limit</c>, <c>continue</c>, <c>resourceVersion</c> and <c>timeoutSeconds</c> are accepted and ignored, as by the
/// reference: there is no pagination, every list is complete (kubectl's <c>limit=500</c> gets everything).
/// </summary>
internal sealed class MetricsRequestReader(
    MetricsRepresentationRegistry representations, IOptionsMonitor<MetricsApiOptions> options, TimeProvider time)
{
    public const string Group = "metrics.k8s.io";

    private readonly MetricsRepresentationRegistry _representations = representations ?? throw new ArgumentNullException(nameof(representations));
    private readonly IOptionsMonitor<MetricsApiOptions> _options = options ?? throw new ArgumentNullException(nameof(options));
    private readonly TimeProvider _time = time ?? throw new ArgumentNullException(nameof(time));
    private readonly SelectorCache _selectors = new();

    /// <param name="resource"><c>nodes</c> or <c>pods</c>, for the 405 details.</param>
    /// <param name="isList">Lists take label and field selectors; a get ignores them, as the API server does.</param>
    public bool TryRead(HttpContext http, string resource, bool isList, out MetricsRequest request, [NotNullWhen(false)] out KubernetesStatus? failure)
    {
        ArgumentNullException.ThrowIfNull(http);
        request = default;
        var httpRequest = http.Request;
        if (!HttpMethods.IsGet(httpRequest.Method) && !HttpMethods.IsHead(httpRequest.Method))
        {
            failure = KubernetesStatus.MethodNotAllowed(resource, Group);
            return false;
        }

        var query = httpRequest.Query;
        if (IsTrue(query, "watch"))
        {
            failure = KubernetesStatus.WatchNotSupported(resource, Group);
            return false;
        }

        var labels = LabelSelector.Everything;
        var fields = FieldSelector.Everything;
        if (isList && !TryReadSelectors(query, out labels, out fields, out failure))
        {
            return false;
        }

        if (!TryReadRowObject(First(query, "includeObject"), out var rowObject, out failure))
        {
            return false;
        }

        if (!_representations.TryNegotiate(AcceptOf(httpRequest), out var representation))
        {
            failure = KubernetesStatus.NotAcceptable(_representations.Offered);
            return false;
        }

        var context = new RepresentationContext(_time.GetUtcNow(), _options.CurrentValue.IncludeSwap, rowObject);
        request = new MetricsRequest(representation, labels, fields, context);
        failure = null;
        return true;
    }

    private bool TryReadSelectors(
        IQueryCollection query, out LabelSelector labels, out FieldSelector fields, [NotNullWhen(false)] out KubernetesStatus? failure)
    {
        fields = FieldSelector.Everything;
        if (!_selectors.TryGetLabels(First(query, "labelSelector"), out labels!, out var labelError))
        {
            failure = KubernetesStatus.BadRequest(labelError);
            return false;
        }

        if (!_selectors.TryGetFields(First(query, "fieldSelector"), out fields!, out var fieldError))
        {
            failure = KubernetesStatus.BadRequest(fieldError);
            return false;
        }

        failure = null;
        return true;
    }

    private static bool TryReadRowObject(string? value, out TableRowObject rowObject, [NotNullWhen(false)] out KubernetesStatus? failure)
    {
        failure = null;
        switch (value)
        {
            case null or "" or "Metadata":
                rowObject = TableRowObject.Metadata;
                return true;
            case "None":
                rowObject = TableRowObject.None;
                return true;
            case "Object":
                rowObject = TableRowObject.Object;
                return true;
            default:
                rowObject = default;
                failure = KubernetesStatus.BadRequest($"unrecognized includeObject value: \"{value}\"");
                return false;
        }
    }

    /// <summary>
    /// The API server's boolean query conversion (apimachinery <c>Convert_Slice_string_To_bool</c>): absent, <c>0</c>
    /// and <c>false</c> (any case) are false; anything else, even an empty value, is true.
    /// </summary>
    private static bool IsTrue(IQueryCollection query, string key) =>
        First(query, key) is { } value && value != "0" && !value.Equals("false", StringComparison.OrdinalIgnoreCase);

    private static string? First(IQueryCollection query, string key) =>
        query.TryGetValue(key, out var values) && values.Count > 0 ? values[0] : null;

    private static string? AcceptOf(HttpRequest request)
    {
        var accept = request.Headers[HeaderNames.Accept];
        return accept.Count <= 1 ? accept.ToString() : string.Join(',', (IEnumerable<string?>)accept);
    }
}
