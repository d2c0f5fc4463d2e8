using System.Text.RegularExpressions;

namespace MetricsOperator.Kubernetes.Conditions;

/// <summary>The metav1.Condition field rules the API server enforces, checked before a status write is attempted.</summary>
internal static partial class ConditionValidation
{
    public static void ThrowIfInvalid(string type, string status, string reason)
    {
        if (string.IsNullOrEmpty(type) || type.Length > 316 || !TypePattern().IsMatch(type))
        {
            throw new ArgumentException($"condition type '{type}' is not a qualified name (e.g. Ready)", nameof(type));
        }

        if (status is not (ConditionSet.True or ConditionSet.False or ConditionSet.Unknown))
        {
            throw new ArgumentException($"condition status '{status}' must be True, False or Unknown", nameof(status));
        }

        if (string.IsNullOrEmpty(reason) || reason.Length > 1024 || !ReasonPattern().IsMatch(reason))
        {
            throw new ArgumentException($"condition reason '{reason}' must be CamelCase (a letter first, then letters, digits, ',' ':' or '_')", nameof(reason));
        }
    }

    // From metav1.Condition's kubebuilder validation markers.
    [GeneratedRegex(@"^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$")]
    private static partial Regex TypePattern();

    [GeneratedRegex(@"^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$")]
    private static partial Regex ReasonPattern();
}
