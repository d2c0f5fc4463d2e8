namespace MetricsOperator.Scraping;

/// <summary>Why a node could not be scraped, coarse enough to count and compare across nodes.</summary>
internal enum ScrapeFailureKind
{
    /// <summary>No usable address, port or URL for the node.</summary>
    NoAddress,

    /// <summary>The per-node request timeout elapsed.</summary>
    Timeout,

    /// <summary>The round ended (its budget is the resolution) before the kubelet answered.</summary>
    RoundDeadline,

    /// <summary>TCP connect, reset, DNS or protocol trouble.</summary>
    Connection,

    /// <summary>The TLS handshake failed, usually the kubelet certificate did not verify.</summary>
    Tls,

    /// <summary>Our side could not be set up: unreadable token file, broken client certificate or CA bundle.</summary>
    Setup,

    /// <summary>The kubelet answered with a status other than 200.</summary>
    HttpStatus,

    /// <summary>The body exceeded the configured size limit.</summary>
    ResponseTooLarge,

    /// <summary>The body was not a valid resource metrics payload.</summary>
    InvalidPayload,
}

/// <summary>A failed scrape: its kind and a human-readable reason naming the cause.</summary>
internal readonly record struct ScrapeFailure(ScrapeFailureKind Kind, string Reason)
{
    public override string ToString() => Reason;
}
