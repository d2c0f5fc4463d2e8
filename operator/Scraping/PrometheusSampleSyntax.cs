using System.Globalization;
using System.Text;

namespace MetricsOperator.Scraping;

/// <summary>What is structurally wrong with a sample line of a family the decoder uses.</summary>
internal enum PrometheusSampleSyntax : byte
{
    Valid,
    UnterminatedLabelSet,
    ExpectedLabelName,
    ExpectedEquals,
    ExpectedLabelValue,
    UnterminatedLabelValue,
    ExpectedCommaOrBrace,
    RepeatedLabel,
    ExpectedBlankBeforeValue,
    MissingValue,
    InvalidValue,
    InvalidTimestamp,
    TimestampOutOfRange,
    TrailingText,
}

/// <summary>Turns a syntax verdict into the message of a <see cref="PayloadDecodeError"/> (only on the error path).</summary>
internal static class PrometheusSampleSyntaxMessages
{
    private const int MaxQuotedBytes = 64;

    public static string Describe(PrometheusSampleSyntax syntax, ReadOnlySpan<byte> token) => syntax switch
    {
        PrometheusSampleSyntax.UnterminatedLabelSet => "label set is not closed with '}'",
        PrometheusSampleSyntax.ExpectedLabelName => $"expected a label name at {Quote(token)}",
        PrometheusSampleSyntax.ExpectedEquals => $"expected '=' after label name at {Quote(token)}",
        PrometheusSampleSyntax.ExpectedLabelValue => $"expected a quoted label value at {Quote(token)}",
        PrometheusSampleSyntax.UnterminatedLabelValue => $"label value {Quote(token)} is not terminated",
        PrometheusSampleSyntax.ExpectedCommaOrBrace => $"expected ',' or '}}' after a label value at {Quote(token)}",
        PrometheusSampleSyntax.RepeatedLabel => $"label {Quote(token)} appears more than once",
        PrometheusSampleSyntax.ExpectedBlankBeforeValue => $"expected a space before the value at {Quote(token)}",
        PrometheusSampleSyntax.MissingValue => "sample has no value",
        PrometheusSampleSyntax.InvalidValue => $"value {Quote(token)} is not a number",
        PrometheusSampleSyntax.InvalidTimestamp => $"timestamp {Quote(token)} is not a non-negative integer of milliseconds",
        PrometheusSampleSyntax.TimestampOutOfRange =>
            $"timestamp {Quote(token)} is out of range (at most {PrometheusNumberReader.MaxTimestampMilliseconds} ms)",
        PrometheusSampleSyntax.TrailingText => $"unexpected text {Quote(token)} after the timestamp",
        _ => "malformed sample line",
    };

    /// <summary>Quotes input for a message like Go's %q: bounded in length, quotes and control characters escaped, invalid UTF-8 replaced.</summary>
    private static string Quote(ReadOnlySpan<byte> token)
    {
        var truncated = token.Length > MaxQuotedBytes;
        var text = Encoding.UTF8.GetString(truncated ? token[..MaxQuotedBytes] : token);
        var builder = new StringBuilder(text.Length + 8).Append('"');
        foreach (var c in text)
        {
            _ = c switch
            {
                '"' or '\\' => builder.Append('\\').Append(c),
                _ when char.IsControl(c) => builder.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}"),
                _ => builder.Append(c),
            };
        }

        return builder.Append(truncated ? "\"..." : "\"").ToString();
    }
}
