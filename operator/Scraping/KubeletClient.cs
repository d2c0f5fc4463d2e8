using System.Net.Http.Headers;
using System.Runtime.CompilerServices;

namespace MetricsOperator.Scraping;

/// <summary>
/// Fetches <c>/metrics/resource</c> bodies from kubelets over one shared transport. <see cref="Configure"/> is called
/// between rounds (never while requests are in flight) and rebuilds the transport when its settings changed.
/// </summary>
internal sealed class KubeletClient : IDisposable
{
    private readonly KubeletCredentials _credentials;
    private readonly Func<KubeletTransportSettings, KubeletCredentials, KubeletTransport> _createTransport;
    private KubeletTransport? _transport;

    public KubeletClient(KubeletCredentials credentials)
        : this(credentials, KubeletTransport.Create)
    {
    }

    /// <param name="createTransport">Builds a transport generation; tests substitute an in-memory handler.</param>
    public KubeletClient(KubeletCredentials credentials, Func<KubeletTransportSettings, KubeletCredentials, KubeletTransport> createTransport)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(createTransport);
        _credentials = credentials;
        _createTransport = createTransport;
    }

    /// <summary>How many transports were built so far.</summary>
    public int TransportGeneration { get; private set; }

    /// <summary>Applies the settings; true when the transport was (re)built, which drops pooled connections.</summary>
    public bool Configure(ScrapeSettings settings)
    {
        var wanted = KubeletTransportSettings.From(settings);
        if (_transport is not null && _transport.Settings == wanted)
        {
            return false;
        }

        var previous = _transport;
        _transport = _createTransport(wanted, _credentials);
        TransportGeneration++;
        previous?.Dispose();
        return true;
    }

    /// <summary>
    /// GETs the metrics of <paramref name="target"/> into <paramref name="into"/>, by its
    /// <see cref="KubeletTarget.NamedUri"/> when the transport connects such names. Returns null on success, else why
    /// it failed, naming the kubelet's own host. Cancellation surfaces as <see cref="OperationCanceledException"/>.
    /// </summary>
    public ValueTask<ScrapeFailure?> FetchAsync(KubeletTarget target, ResponseBuffer into, long maxResponseBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var transport = _transport ?? throw new InvalidOperationException("Configure must be called before the first request");
        var requested = transport.ConnectsHostNames && target.NamedUri is { } named ? named : target.Uri;
        return FetchAsync(transport, requested, target.Uri, into, maxResponseBytes, cancellationToken);
    }

    public void Dispose()
    {
        _transport?.Dispose();
        _transport = null;
    }

    /// <param name="shown">The URL failures name; its host replaces <paramref name="uri"/>'s in connection messages.</param>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ScrapeFailure?> FetchAsync(
        KubeletTransport transport, Uri uri, Uri shown, ResponseBuffer into, long maxResponseBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(into);
        if (transport.Fetcher is not { } fetcher)
        {
            return transport.SetupFailure;
        }

        AuthenticationHeaderValue? authorization;
        try
        {
            authorization = await _credentials.GetAuthorizationAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (KubeletSetupException e)
        {
            return new ScrapeFailure(ScrapeFailureKind.Setup, e.Message);
        }

        return await fetcher.FetchAsync(uri, shown, authorization, into, maxResponseBytes, cancellationToken).ConfigureAwait(false);
    }
}
