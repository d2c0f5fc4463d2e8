namespace MetricsOperator.Scraping;

/// <summary>
/// Compacts the whole managed heap once after a connect round. The first round of a kubelet transport (at start, or
/// after its settings changed) opens a TLS connection to every node and allocates ~55 KiB per node doing so (55 MB at
/// 1,000 nodes); much of it lives long enough to be promoted while the round runs. Left alone, that garbage stays in
/// gen2 until gen2's budget runs out, minutes later, and that full collection then lands in the steady state. One
/// aggressive, compacting collection right after the round (tens of milliseconds, once) frees it and returns its pages.
/// </summary>
internal sealed class ConnectRoundHeapCompactor
{
    private bool _pending;

    /// <summary>The next round opens every connection anew.</summary>
    public void TransportRebuilt() => _pending = true;

    /// <summary>Compacts if this was the first round since the transport was (re)built that reached a kubelet.</summary>
    /// <returns>Whether it compacted.</returns>
    public bool AfterRound(int scraped) => AfterRound(scraped, out _, out _);

    /// <param name="heapBefore">The managed heap's size before the collection, when it compacted.</param>
    /// <param name="heapAfter">The same after it.</param>
    public bool AfterRound(int scraped, out long heapBefore, out long heapAfter)
    {
        heapBefore = heapAfter = 0;

        // A round that reached no kubelet (no nodes listed yet, all unreachable) opened no connection: wait for one that did.
        if (!_pending || scraped == 0)
        {
            return false;
        }

        _pending = false;
        heapBefore = GC.GetTotalMemory(forceFullCollection: false);
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        heapAfter = GC.GetTotalMemory(forceFullCollection: false);
        return true;
    }
}
