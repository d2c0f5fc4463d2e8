using System.Globalization;
using System.Net;

namespace MetricsOperator.Benchmarks.Scrape;

/// <summary>
/// The <c>--name value</c> (or <c>--name=value</c>) options of a harness mode. Unknown, repeated or malformed options
/// fail with a <see cref="HarnessUsageException"/> naming them.
/// </summary>
internal sealed class HarnessArguments
{
    private readonly Dictionary<string, string> _values;

    private HarnessArguments(Dictionary<string, string> values) => _values = values;

    public static HarnessArguments Parse(IReadOnlyList<string> args, IReadOnlyCollection<string> known)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(known);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new HarnessUsageException($"unexpected argument '{args[i]}'; options look like --name value");
            }

            var name = args[i][2..];
            string value;
            var equals = name.IndexOf('=', StringComparison.Ordinal);
            if (equals >= 0)
            {
                value = name[(equals + 1)..];
                name = name[..equals];
            }
            else if (i + 1 < args.Count)
            {
                value = args[++i];
            }
            else
            {
                throw new HarnessUsageException($"option --{name} needs a value");
            }

            if (!known.Contains(name))
            {
                throw new HarnessUsageException($"unknown option --{name} (known: {string.Join(", ", known.Select(k => "--" + k))})");
            }

            if (!values.TryAdd(name, value))
            {
                throw new HarnessUsageException($"option --{name} is given twice");
            }
        }

        return new HarnessArguments(values);
    }

    public bool Has(string name) => _values.ContainsKey(name);

    public string? Text(string name) => _values.GetValueOrDefault(name);

    public string RequiredText(string name) =>
        _values.TryGetValue(name, out var value) && value.Length > 0 ? value : throw new HarnessUsageException($"option --{name} is required");

    public int Integer(string name, int fallback, int min, int max)
    {
        if (!_values.TryGetValue(name, out var text))
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new HarnessUsageException($"option --{name} '{text}' must be a whole number from {min} to {max}");
    }

    public TimeSpan Duration(string name, TimeSpan fallback, bool allowZero = false)
    {
        if (!_values.TryGetValue(name, out var text))
        {
            return fallback;
        }

        return HarnessDuration.TryParse(text, out var value) && (value > TimeSpan.Zero || (allowZero && value == TimeSpan.Zero))
            ? value
            : throw new HarnessUsageException($"option --{name} '{text}' must be a {(allowZero ? "non-negative" : "positive")} duration such as 15s, 500ms or 1m");
    }

    public IPAddress LoopbackAddress(string name, IPAddress fallback)
    {
        if (!_values.TryGetValue(name, out var text))
        {
            return fallback;
        }

        return IPAddress.TryParse(text, out var address) && IPAddress.IsLoopback(address)
            ? address
            : throw new HarnessUsageException($"option --{name} '{text}' must be an IPv4 loopback address (127.x.y.z)");
    }
}
