using MetricsOperator.Storage;

namespace MetricsOperator.Reconciliation.Spec;

/// <summary>Collects spec problems as "field.path: what is wrong", and reads durations with their defaults.</summary>
internal sealed class SpecErrors
{
    private readonly List<string> _errors = [];

    public int Count => _errors.Count;

    public IReadOnlyList<string> All => _errors;

    public void Add(string path, string message) => _errors.Add($"{path}: {message}");

    /// <summary>The duration at <paramref name="path"/>, <paramref name="fallback"/> when absent; null (and an error) when unparsable.</summary>
    public TimeSpan? Duration(string path, string? text, TimeSpan fallback)
    {
        if (text is null)
        {
            return fallback;
        }

        return OptionalDuration(path, text, out var value) ? value ?? fallback : null;
    }

    /// <summary>False (and an error) when <paramref name="text"/> is present but unparsable.</summary>
    public bool OptionalDuration(string path, string? text, out TimeSpan? value)
    {
        value = null;
        if (text is null)
        {
            return true;
        }

        if (!GoDuration.TryParse(text, out var parsed, out var error))
        {
            Add(path, error);
            return false;
        }

        value = parsed;
        return true;
    }

    /// <summary>Go's own rendering (<c>13.5s</c>, <c>1h0m0s</c>), so messages use the spec's notation.</summary>
    public static string Format(TimeSpan duration) => GoDurationFormatter.Format(duration);
}
