namespace MetricsOperator.Serving.Authentication;

/// <summary>How a request's user was established, in the order the authenticators are tried.</summary>
internal enum AuthenticationMethod
{
    /// <summary>A front-proxy (request-header) client certificate vouching for <c>X-Remote-*</c> headers.</summary>
    FrontProxy,

    /// <summary>A client certificate from the client CA: user = CN, groups = O.</summary>
    ClientCertificate,

    /// <summary>A bearer token confirmed by a TokenReview.</summary>
    BearerToken,

    /// <summary>No credentials at all.</summary>
    Anonymous,
}
