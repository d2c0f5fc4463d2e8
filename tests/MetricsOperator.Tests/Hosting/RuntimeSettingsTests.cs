using System.Text.Json;

namespace MetricsOperator.Tests.Hosting;

/// <summary>
/// The runtime settings the operator ships in its runtimeconfig.json (from operator/MetricsOperator.Runtime.props), which
/// the image runs with and the scrape benchmark measures.
/// </summary>
public sealed class RuntimeSettingsTests
{
    private static JsonElement ConfigProperties()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "metrics-operator.runtimeconfig.json");
        Assert.That(File.Exists(path), Is.True, $"the operator's runtimeconfig.json is missing next to the tests: {path}");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties").Clone();
    }

    [Test]
    public void The_gc_is_workstation_and_non_concurrent()
    {
        var properties = ConfigProperties();

        Assert.That(properties.GetProperty("System.GC.Server").GetBoolean(), Is.False);
        Assert.That(properties.GetProperty("System.GC.Concurrent").GetBoolean(), Is.False);
    }

    [Test]
    public void The_gen0_budget_is_capped_instead_of_following_the_cpu_cache_size()
    {
        var properties = ConfigProperties();

        Assert.That(properties.TryGetProperty("System.GC.Gen0MaxBudget", out var budget), Is.True, "System.GC.Gen0MaxBudget is not set");
        Assert.That(budget.GetInt64(), Is.EqualTo(8L * 1024 * 1024));
    }

    [Test]
    public void Idle_thread_pool_workers_sleep_without_spinning()
    {
        var properties = ConfigProperties();

        Assert.That(properties.TryGetProperty("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit", out var limit), Is.True, "the spin limit is not set");
        Assert.That(limit.GetInt32(), Is.Zero);
    }

    [Test]
    public void Globalization_is_invariant_so_no_icu_is_loaded()
    {
        var properties = ConfigProperties();

        // Otherwise ICU's libraries would be loaded and their data (libicudata is ~30 MB) mapped, for culture data nothing uses.
        Assert.That(properties.TryGetProperty("System.Globalization.Invariant", out var invariant), Is.True, "System.Globalization.Invariant is not set");
        Assert.That(invariant.GetBoolean(), Is.True);
    }
}
