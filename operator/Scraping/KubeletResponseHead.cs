namespace MetricsOperator.Scraping;

/// <summary>How a response body is delimited on the connection.</summary>
internal enum KubeletBodyFraming
{
    /// <summary>Exactly <see cref="KubeletResponseHead.ContentLength"/> bytes.</summary>
    ContentLength,

    /// <summary><c>Transfer-Encoding: chunked</c>.</summary>
    Chunked,

    /// <summary>Neither: the body ends when the kubelet closes the connection.</summary>
    UntilClose,
}

/// <summary>What the client acts on from a response's status line and headers; everything else is skipped.</summary>
/// <param name="ReasonPhrase">Kept only for a status other than 200, whose failure names it.</param>
/// <param name="ContentLength">The declared length; -1 when the body is chunked or runs until close.</param>
/// <param name="KeepAlive">False for HTTP/1.0 or <c>Connection: close</c>: the connection is closed after the body.</param>
internal readonly record struct KubeletResponseHead(
    int StatusCode, string? ReasonPhrase, KubeletBodyFraming Framing, long ContentLength, bool Gzip, bool KeepAlive);
