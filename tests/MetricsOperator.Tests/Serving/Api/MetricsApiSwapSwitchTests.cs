using MetricsOperator.Serving.Api;
using Microsoft.Extensions.Options;

namespace MetricsOperator.Tests.Serving.Api;

public sealed class MetricsApiSwapSwitchTests
{
    [Test]
    public void The_options_monitor_sees_every_switch()
    {
        var services = new ServiceCollection();
        services.AddMetricsApi();
        var swap = new MetricsApiSwapSwitch();
        services.AddSingleton<IConfigureOptions<MetricsApiOptions>>(swap);
        services.AddSingleton<IOptionsChangeTokenSource<MetricsApiOptions>>(swap);
        using var provider = services.BuildServiceProvider();
        var monitor = provider.GetRequiredService<IOptionsMonitor<MetricsApiOptions>>();
        var changes = 0;
        using var subscription = monitor.OnChange(_ => changes++);

        var initially = monitor.CurrentValue.IncludeSwap;
        swap.Set(true);
        var afterOn = monitor.CurrentValue.IncludeSwap;
        swap.Set(true);
        swap.Set(false);
        var afterOff = monitor.CurrentValue.IncludeSwap;

        Assert.That((initially, afterOn, afterOff), Is.EqualTo((false, true, false)));
        Assert.That(changes, Is.EqualTo(2), "setting the same value again is no change");
    }
}
