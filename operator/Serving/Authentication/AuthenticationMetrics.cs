using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace MetricsOperator.Serving.Authentication;

/// <summary>
/// Counters of authentication: requests by how they were authenticated (or refused), certificate chains built
/// (once per connection and CA bundle, so a rise means new connections or a CA rotation) and TokenReviews made
/// (cache misses), each by result.
/// </summary>
internal sealed class AuthenticationMetrics
{
    public const string MeterName = "MetricsOperator.Serving.Authentication";

    private readonly Counter<long> _requests;
    private readonly Counter<long> _certificateVerifications;
    private readonly Counter<long> _tokenReviews;

    public AuthenticationMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _requests = meter.CreateCounter<long>("metrics_operator.authentication.requests", "{request}", "Requests by authentication method and result");
        _certificateVerifications = meter.CreateCounter<long>(
            "metrics_operator.authentication.certificate_verifications", "{verification}", "Client certificate chains built, by result");
        _tokenReviews = meter.CreateCounter<long>("metrics_operator.authentication.token_reviews", "{review}", "TokenReviews made (cache misses), by result");
    }

    public void Authenticated(AuthenticationMethod method) =>
        _requests.Add(1, new TagList { { "method", NameOf(method) }, { "result", "authenticated" } });

    public void Unauthorized() => _requests.Add(1, new TagList { { "method", "none" }, { "result", "unauthorized" } });

    public void CertificateVerified(bool valid) => _certificateVerifications.Add(1, new KeyValuePair<string, object?>("result", valid ? "valid" : "invalid"));

    /// <summary><paramref name="result"/>: authenticated, rejected or error.</summary>
    public void TokenReviewed(string result) => _tokenReviews.Add(1, new KeyValuePair<string, object?>("result", result));

    private static string NameOf(AuthenticationMethod method) => method switch
    {
        AuthenticationMethod.FrontProxy => "front_proxy",
        AuthenticationMethod.ClientCertificate => "client_certificate",
        AuthenticationMethod.BearerToken => "bearer_token",
        _ => "anonymous",
    };
}
