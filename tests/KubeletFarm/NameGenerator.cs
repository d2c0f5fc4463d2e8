using System.Text;

namespace MetricsOperator.KubeletFarm;

/// <summary>
/// Deterministic, realistic Kubernetes names: DNS labels made of words, and the ReplicaSet-style
/// <c>&lt;deployment&gt;-&lt;hash&gt;-&lt;suffix&gt;</c> pod names whose hash and suffix are bijections of the
/// node and pod numbers, so they never collide across a farm.
/// </summary>
internal static class NameGenerator
{
    /// <summary>The alphabet Kubernetes uses for generated name parts (no vowels, no ambiguous digits).</summary>
    private const string SafeAlphabet = "bcdfghjklmnpqrstvwxz2456789";
    private const int HashLength = 10;
    private const int SuffixLength = 5;

    private static readonly string[] Words =
    [
        "api", "billing", "cache", "catalog", "checkout", "cart", "search", "ledger", "gateway", "ingest", "payments",
        "orders", "profile", "auth", "report", "events", "stream", "notify", "media", "render", "worker", "batch",
        "inventory", "pricing", "session", "queue", "frontend", "backend", "analytics", "export", "import", "sync",
        "shipping", "audit", "metrics", "mailer", "scheduler", "indexer", "thumbnail", "recommend",
    ];

    private static readonly string[] Sidecars =
    [
        "istio-proxy", "log-shipper", "config-reloader", "oauth2-proxy", "vault-agent", "fluent-bit", "envoy",
        "cloud-sql-proxy", "otel-collector", "linkerd-proxy",
    ];

    /// <summary>Length of <c>-hash-suffix</c> appended to a deployment name to make a pod name.</summary>
    public const int PodNameExtraLength = 1 + HashLength + 1 + SuffixLength;

    /// <summary>A DNS label of exactly <paramref name="length"/> characters built from words joined by dashes.</summary>
    public static string Label(Random random, int length)
    {
        var builder = new StringBuilder(length + 16);
        while (builder.Length < length)
        {
            if (builder.Length > 0)
            {
                builder.Append('-');
            }

            builder.Append(Words[random.Next(Words.Length)]);
        }

        builder.Length = length;
        if (builder[length - 1] == '-')
        {
            builder[length - 1] = (char)('a' + random.Next(26));
        }

        return builder.ToString();
    }

    /// <summary>The application container's name for a deployment: its first word.</summary>
    public static string AppContainer(string deployment)
    {
        var dash = deployment.IndexOf('-', StringComparison.Ordinal);
        return dash < 0 ? deployment : deployment[..dash];
    }

    /// <summary>The name of sidecar number <paramref name="ordinal"/> (0-based), unique within a pod.</summary>
    public static string Sidecar(int ordinal) =>
        ordinal < Sidecars.Length ? Sidecars[ordinal] : $"{Sidecars[ordinal % Sidecars.Length]}-{ordinal / Sidecars.Length}";

    /// <summary>
    /// A pod name for the <paramref name="podSerial"/>-th pod of <paramref name="deployment"/> on node <paramref name="nodeIndex"/>.
    /// Distinct (node, deployment) pairs get distinct hashes and distinct serials distinct suffixes.
    /// </summary>
    public static string PodName(string deployment, int deploymentIndex, int deploymentCount, int nodeIndex, long podSerial, int seed)
    {
        var hashSpace = Power(SafeAlphabet.Length, HashLength);
        var suffixSpace = Power(SafeAlphabet.Length, SuffixLength);
        if (podSerial >= (long)suffixSpace)
        {
            throw new InvalidOperationException($"node {nodeIndex} ran out of unique pod names after {suffixSpace} pods");
        }

        var hashInput = ((UInt128)(uint)nodeIndex * (uint)deploymentCount) + (uint)deploymentIndex;
        var builder = new StringBuilder(deployment.Length + PodNameExtraLength);
        builder.Append(deployment).Append('-');
        AppendEncoded(builder, Scramble(hashInput, hashSpace, seed), HashLength);
        builder.Append('-');
        AppendEncoded(builder, Scramble((ulong)podSerial, suffixSpace, seed), SuffixLength);
        return builder.ToString();
    }

    /// <summary>
    /// A bijection on [0, space) that spreads neighbouring inputs over the whole space: multiply by a number near
    /// space / φ that is coprime with 3 (hence with 27^k), then add a seed-dependent offset.
    /// </summary>
    private static UInt128 Scramble(UInt128 value, UInt128 space, int seed)
    {
        var multiplier = space * 618_033_989 / 1_000_000_000;
        while (multiplier % 3 == 0)
        {
            multiplier++;
        }

        var offset = (UInt128)(uint)seed * 2_654_435_761u % space;
        return ((value % space * multiplier) + offset) % space;
    }

    private static void AppendEncoded(StringBuilder builder, UInt128 value, int length)
    {
        Span<char> chars = stackalloc char[length];
        for (var i = length - 1; i >= 0; i--)
        {
            chars[i] = SafeAlphabet[(int)(value % (uint)SafeAlphabet.Length)];
            value /= (uint)SafeAlphabet.Length;
        }

        builder.Append(chars);
    }

    private static UInt128 Power(int radix, int exponent)
    {
        UInt128 result = 1;
        for (var i = 0; i < exponent; i++)
        {
            result *= (uint)radix;
        }

        return result;
    }
}
