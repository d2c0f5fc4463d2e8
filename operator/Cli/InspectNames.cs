using System.Text.Json;
using MetricsOperator.Scraping;

namespace MetricsOperator.Cli;

/// <summary>How <c>inspect</c> spells drop kinds and reasons: camelCase words, e.g. <c>zeroCpu</c>, <c>container</c>.</summary>
internal static class InspectNames
{
    public static string Of(DroppedKind kind) => JsonNamingPolicy.CamelCase.ConvertName(kind.ToString());

    public static string Of(DropReason reason) => JsonNamingPolicy.CamelCase.ConvertName(reason.ToString());
}
