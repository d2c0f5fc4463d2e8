using k8s.Models;

namespace MetricsOperator.Kubernetes.Conditions;

/// <summary>
/// The Kubernetes condition convention on a <c>conditions</c> list (apimachinery <c>meta.SetStatusCondition</c>):
/// one entry per type; <c>lastTransitionTime</c> moves only when the status flips; reasons are CamelCase.
/// </summary>
internal static class ConditionSet
{
    public const string True = "True";
    public const string False = "False";
    public const string Unknown = "Unknown";

    /// <summary>
    /// Sets condition <paramref name="type"/> and returns whether anything changed (so a status write can be skipped).
    /// </summary>
    public static bool Set(
        IList<V1Condition> conditions,
        string type,
        string status,
        string reason,
        string message,
        long? observedGeneration,
        DateTime now)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        ConditionValidation.ThrowIfInvalid(type, status, reason);
        message ??= string.Empty;

        var existing = Find(conditions, type);
        if (existing is null)
        {
            conditions.Add(new V1Condition
            {
                Type = type,
                Status = status,
                Reason = reason,
                Message = message,
                ObservedGeneration = observedGeneration,
                LastTransitionTime = Truncate(now),
            });
            return true;
        }

        var changed = false;
        if (existing.Status != status)
        {
            existing.Status = status;
            existing.LastTransitionTime = Truncate(now);
            changed = true;
        }

        if (existing.Reason != reason)
        {
            existing.Reason = reason;
            changed = true;
        }

        if (existing.Message != message)
        {
            existing.Message = message;
            changed = true;
        }

        if (existing.ObservedGeneration != observedGeneration)
        {
            existing.ObservedGeneration = observedGeneration;
            changed = true;
        }

        return changed;
    }

    public static V1Condition? Find(IEnumerable<V1Condition>? conditions, string type) =>
        conditions?.FirstOrDefault(condition => condition.Type == type);

    public static bool IsTrue(IEnumerable<V1Condition>? conditions, string type) => Find(conditions, type)?.Status == True;

    /// <summary>Removes condition <paramref name="type"/>; returns whether it was there.</summary>
    public static bool Remove(IList<V1Condition> conditions, string type)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        var existing = Find(conditions, type);
        return existing is not null && conditions.Remove(existing);
    }

    // metav1.Time has second precision on the wire; keeping the same in memory makes "changed" comparisons stable.
    private static DateTime Truncate(DateTime now)
    {
        var utc = now.Kind == DateTimeKind.Local ? now.ToUniversalTime() : DateTime.SpecifyKind(now, DateTimeKind.Utc);
        return new DateTime(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
    }
}
