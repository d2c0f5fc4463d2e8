using System.Runtime.CompilerServices;
using System.Security.Cryptography.X509Certificates;

namespace MetricsOperator.KubeletFarm;

/// <summary>
/// The kubelet's authentication as the farm imitates it: a valid client certificate or an accepted bearer token
/// (either suffices, as with the kubelet's union authenticator); anything else is 401.
/// </summary>
internal sealed class KubeletAuthenticator
{
    private readonly bool _allowAnonymous;
    private readonly string _token;
    private readonly Func<string, CancellationToken, ValueTask<bool>>? _validator;
    private readonly TestCertificateAuthority? _clientAuthority;

    // The TLS layer hands the same certificate object to every request of a connection: verify its chain once.
    private readonly ConditionalWeakTable<X509Certificate2, StrongBox<bool>> _verdicts = [];

    public KubeletAuthenticator(KubeletFarmOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _allowAnonymous = options.AllowAnonymous;
        _token = options.BearerToken ?? string.Empty;
        _validator = options.TokenValidator;
        _clientAuthority = options.ClientCertificateAuthority;
    }

    public ValueTask<bool> IsAuthenticatedAsync(HttpContext context)
    {
        if (_allowAnonymous || HasValidClientCertificate(context))
        {
            return ValueTask.FromResult(true);
        }

        var header = context.Request.Headers.Authorization;
        if (header.Count != 1 || !TryGetBearerToken(header[0], out var token))
        {
            return ValueTask.FromResult(false);
        }

        if (_validator is not null)
        {
            return _validator(token.ToString(), context.RequestAborted);
        }

        return ValueTask.FromResult(_token.Length > 0 && token.SequenceEqual(_token));
    }

    private bool HasValidClientCertificate(HttpContext context)
    {
        if (_clientAuthority is null || context.Connection.ClientCertificate is not { } certificate)
        {
            return false;
        }

        return _verdicts.GetValue(certificate, c => new StrongBox<bool>(_clientAuthority.IsValidClientCertificate(c))).Value;
    }

    private static bool TryGetBearerToken(string? header, out ReadOnlySpan<char> token)
    {
        const string Scheme = "Bearer ";
        token = default;
        if (header is null || !header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        token = header.AsSpan(Scheme.Length).Trim();
        return !token.IsEmpty;
    }
}
