using System.Runtime.InteropServices;
using MetricsOperator.Scraping;

namespace MetricsOperator.Tests.Scraping;

internal sealed class NativeHeapTrimmerTests
{
    [Test]
    public void Glibc_heaps_are_trimmed_on_linux_and_nothing_happens_elsewhere()
    {
        var trimmed = new NativeHeapTrimmer().Trim();

        // The image (and this machine) run glibc; elsewhere the trimmer must simply do nothing.
        Assert.That(trimmed, Is.EqualTo(OperatingSystem.IsLinux() && !RuntimeInformation.RuntimeIdentifier.Contains("musl", StringComparison.Ordinal)));
    }
}
