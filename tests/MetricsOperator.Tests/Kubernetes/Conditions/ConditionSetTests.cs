using k8s.Models;
using MetricsOperator.Kubernetes.Conditions;

namespace MetricsOperator.Tests.Kubernetes.Conditions;

public sealed class ConditionSetTests
{
    private static readonly DateTime T0 = new(2026, 11, 28, 3, 0, 0, 250, DateTimeKind.Utc);

    [Test]
    public void A_new_condition_is_added_with_its_transition_time_truncated_to_seconds()
    {
        var conditions = new List<V1Condition>();

        var changed = ConditionSet.Set(conditions, "Ready", "True", "Reconciled", "all good", 3, T0);

        Assert.That(changed, Is.True);
        var ready = ConditionSet.Find(conditions, "Ready")!;
        Assert.That(ready.Status, Is.EqualTo("True"));
        Assert.That(ready.Reason, Is.EqualTo("Reconciled"));
        Assert.That(ready.Message, Is.EqualTo("all good"));
        Assert.That(ready.ObservedGeneration, Is.EqualTo(3));
        Assert.That(ready.LastTransitionTime, Is.EqualTo(new DateTime(2026, 11, 28, 3, 0, 0, DateTimeKind.Utc)));
    }

    [Test]
    public void Setting_the_same_values_again_changes_nothing()
    {
        var conditions = new List<V1Condition>();
        ConditionSet.Set(conditions, "Ready", "True", "Reconciled", "all good", 3, T0);

        var changed = ConditionSet.Set(conditions, "Ready", "True", "Reconciled", "all good", 3, T0.AddMinutes(5));

        Assert.That(changed, Is.False);
        Assert.That(conditions.Single().LastTransitionTime, Is.EqualTo(T0.AddTicks(-T0.Ticks % TimeSpan.TicksPerSecond)));
    }

    [Test]
    public void A_new_reason_or_message_keeps_the_transition_time()
    {
        var conditions = new List<V1Condition>();
        ConditionSet.Set(conditions, "Ready", "False", "Pending", "waiting", 1, T0);

        var changed = ConditionSet.Set(conditions, "Ready", "False", "APIServiceConflict", "owned by metrics-server", 2, T0.AddMinutes(1));

        Assert.That(changed, Is.True);
        var ready = conditions.Single();
        Assert.That(ready.Reason, Is.EqualTo("APIServiceConflict"));
        Assert.That(ready.Message, Is.EqualTo("owned by metrics-server"));
        Assert.That(ready.ObservedGeneration, Is.EqualTo(2));
        Assert.That(ready.LastTransitionTime.Minute, Is.EqualTo(0));
    }

    [Test]
    public void A_status_flip_moves_the_transition_time()
    {
        var conditions = new List<V1Condition>();
        ConditionSet.Set(conditions, "Ready", "False", "Pending", "waiting", 1, T0);

        ConditionSet.Set(conditions, "Ready", "True", "Reconciled", "ok", 1, T0.AddMinutes(7));

        Assert.That(conditions.Single().LastTransitionTime, Is.EqualTo(new DateTime(2026, 11, 28, 3, 7, 0, DateTimeKind.Utc)));
        Assert.That(ConditionSet.IsTrue(conditions, "Ready"), Is.True);
    }

    [Test]
    public void Conditions_of_other_types_are_left_alone()
    {
        var conditions = new List<V1Condition>();
        ConditionSet.Set(conditions, "Ready", "True", "Reconciled", "ok", 1, T0);

        ConditionSet.Set(conditions, "ScrapingHealthy", "Unknown", "NoNodes", string.Empty, 1, T0);

        Assert.That(conditions.Select(c => c.Type), Is.EqualTo(new[] { "Ready", "ScrapingHealthy" }));
        Assert.That(ConditionSet.Remove(conditions, "Ready"), Is.True);
        Assert.That(ConditionSet.Find(conditions, "Ready"), Is.Null);
    }

    [TestCase("not camel", TestName = "A reason with a space is refused")]
    [TestCase("1Starts", TestName = "A reason starting with a digit is refused")]
    [TestCase("", TestName = "An empty reason is refused")]
    [TestCase("Ends_", TestName = "A reason may end with an underscore")]
    public void Reasons_follow_the_metav1_pattern(string reason)
    {
        var conditions = new List<V1Condition>();

        Action set = () => ConditionSet.Set(conditions, "Ready", "True", reason, "m", null, T0);

        if (reason == "Ends_")
        {
            Assert.That(set, Throws.Nothing);
        }
        else
        {
            Assert.That(set, Throws.ArgumentException.With.Message.Contains("CamelCase"));
        }
    }

    [Test]
    public void Statuses_other_than_True_False_Unknown_are_refused()
    {
        Assert.That(
            () => ConditionSet.Set([], "Ready", "true", "Reconciled", "m", null, T0),
            Throws.ArgumentException.With.Message.Contains("True, False or Unknown"));
        Assert.That(
            () => ConditionSet.Set([], "not a type!", "True", "Reconciled", "m", null, T0),
            Throws.ArgumentException.With.Message.Contains("qualified name"));
    }
}
