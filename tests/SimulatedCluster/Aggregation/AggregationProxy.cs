using System.Diagnostics.CodeAnalysis;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using k8s.Models;
using MetricsOperator.SimulatedCluster.ControlPlane;
using MetricsOperator.SimulatedCluster.Security;
using Microsoft.AspNetCore.Http.Features;

namespace MetricsOperator.SimulatedCluster.Aggregation;

/// <summary>
/// kube-aggregator's proxy: a request under <c>/apis/&lt;group&gt;/&lt;version&gt;</c> of an APIService with a
/// Service goes to one of the Service's Ready Pods over TLS (verified against the caBundle and
/// <c>&lt;svc&gt;.&lt;ns&gt;.svc</c>), with the front-proxy client certificate and the caller in
/// <c>X-Remote-User</c>/<c>X-Remote-Group</c>. Failures answer 503 with a plain-text reason, as kube-aggregator does.
/// </summary>
internal sealed class AggregationProxy
{
    private static readonly HashSet<string> SkippedRequestHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authorization", "TE", "Trailer", "Transfer-Encoding", "Upgrade",
        "Content-Length", "Authorization", "Expect",
    };

    private static readonly HashSet<string> SkippedResponseHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Trailer", "Upgrade", "Proxy-Connection", "Content-Length",
    };

    private readonly IClusterState _state;
    private readonly BackendResolver _resolver;
    private readonly X509Certificate2 _frontProxyCertificate;
    private readonly ILogger<AggregationProxy> _logger;

    public AggregationProxy(IClusterState state, BackendResolver resolver, ClusterAuthorities authorities, ILogger<AggregationProxy> logger)
    {
        ArgumentNullException.ThrowIfNull(authorities);
        _state = state;
        _resolver = resolver;
        _frontProxyCertificate = authorities.FrontProxyClientCertificate;
        _logger = logger;
    }

    /// <summary>True when <paramref name="path"/> is under a group/version that an APIService with a Service serves.</summary>
    public bool Handles(string path, [NotNullWhen(true)] out V1APIService? apiService)
    {
        apiService = null;
        if (path is null || !path.StartsWith("/apis/", StringComparison.Ordinal))
        {
            return false;
        }

        var segments = path["/apis/".Length..].Split('/', 3);
        if (segments.Length < 2 || segments[0].Length == 0 || segments[1].Length == 0)
        {
            return false; // the group's own discovery document is served locally
        }

        apiService = _state.Get<V1APIService>(null, segments[1] + "." + segments[0]);
        if (apiService?.Spec?.Service is null)
        {
            apiService = null;
            return false;
        }

        return true;
    }

    public async Task ProxyAsync(HttpContext context, UserIdentity user, V1APIService apiService)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(apiService);
        var name = apiService.Metadata?.Name ?? string.Empty;
        if (!IsAvailable(apiService))
        {
            await FailAsync(context, name, "service unavailable").ConfigureAwait(false);
            return;
        }

        var backend = _resolver.Resolve(apiService);
        if (!backend.Resolved)
        {
            AggregationLog.ProxyFailed(_logger, context.Request.Method, context.Request.Path, name, backend.FailureMessage ?? string.Empty);
            await FailAsync(context, name, "service unavailable").ConfigureAwait(false);
            return;
        }

        var policy = new BackendTlsPolicy(apiService.Spec?.CaBundle, apiService.Spec?.InsecureSkipTLSVerify == true, backend.ServerName);
        var request = new BackendRequest(context.Request.Method, context.Request.Path + context.Request.QueryString, ForwardedHeaders(context.Request.Headers, user), HasBody(context) ? context.Request.Body : null);
        BackendExchange exchange;
        try
        {
            exchange = await BackendExchange.SendAsync(backend.BaseAddress!, policy, _frontProxyCertificate, request, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or AuthenticationException or InvalidDataException or OperationCanceledException && !context.RequestAborted.IsCancellationRequested)
        {
            await FailAsync(context, name, BackendFailure.Describe(context.Request.Method, new Uri(backend.BaseAddress!, request.PathAndQuery), policy, e)).ConfigureAwait(false);
            return;
        }

        await using (exchange.ConfigureAwait(false))
        {
            context.Response.StatusCode = exchange.StatusCode;
            foreach (var (header, value) in exchange.Headers)
            {
                if (!SkippedResponseHeaders.Contains(header))
                {
                    context.Response.Headers.Append(header, value);
                }
            }

            try
            {
                await context.Response.StartAsync(context.RequestAborted).ConfigureAwait(false);
                await exchange.CopyBodyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or InvalidDataException && !context.RequestAborted.IsCancellationRequested)
            {
                // The head is already sent: all that is left is to cut the response short, as a Go proxy does.
                AggregationLog.ProxyFailed(_logger, context.Request.Method, context.Request.Path, name, e.Message);
                context.Abort();
            }
        }
    }

    /// <summary>kube-aggregator proxies only to APIServices whose Available condition is True.</summary>
    public static bool IsAvailable(V1APIService apiService) =>
        apiService?.Status?.Conditions?.Any(c => c.Type == "Available" && c.Status == "True") == true;

    /// <summary>The request headers to pass on: the caller's own minus hop-by-hop, credentials and any X-Remote-*, plus the front-proxy identity.</summary>
    public static List<KeyValuePair<string, string>> ForwardedHeaders(IHeaderDictionary headers, UserIdentity user)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(user);
        var forwarded = new List<KeyValuePair<string, string>>();
        foreach (var (name, values) in headers)
        {
            if (SkippedRequestHeaders.Contains(name) || RequestHeaderNames.IsRequestHeader(name) || name.StartsWith("Impersonate-", StringComparison.OrdinalIgnoreCase) || name.StartsWith(':'))
            {
                continue;
            }

            foreach (var value in values)
            {
                forwarded.Add(new(name, value ?? string.Empty));
            }
        }

        forwarded.Add(new(RequestHeaderNames.User, user.Name));
        foreach (var group in user.Groups)
        {
            forwarded.Add(new(RequestHeaderNames.Group, group));
        }

        return forwarded;
    }

    private static bool HasBody(HttpContext context) =>
        context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? context.Request.ContentLength > 0;

    private async Task FailAsync(HttpContext context, string apiService, string message)
    {
        AggregationLog.ProxyFailed(_logger, context.Request.Method, context.Request.Path, apiService, message);
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.Headers["X-Content-Type-Options"] = "nosniff";
        await context.Response.WriteAsync(message + "\n", context.RequestAborted).ConfigureAwait(false);
    }
}
