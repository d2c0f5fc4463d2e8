using MetricsOperator.Scraping;

namespace MetricsOperator.Tests.Scraping;

/// <summary>The checks the scraper added to <see cref="ScrapeSettings.Validate()"/>.</summary>
public sealed class ScrapeSettingsValidationTests
{
    [Test]
    public void An_invalid_node_selector_is_refused_naming_the_selector()
    {
        var errors = new ScrapeSettings { NodeSelector = "role in (a" }.Validate();

        Assert.That(errors, Has.Count.EqualTo(1));
        Assert.That(errors[0], Does.StartWith("nodeSelector \"role in (a\" is invalid: "));
    }

    [TestCase("not pem at all", "kubelet CA bundle contains no certificate")]
    [TestCase("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", "kubelet CA bundle is not valid PEM: ")]
    public void An_unusable_CA_bundle_is_refused(string pem, string expectedStart)
    {
        var errors = new ScrapeSettings { KubeletCaBundlePem = pem }.Validate();

        Assert.That(errors, Has.Count.EqualTo(1));
        Assert.That(errors[0], Does.StartWith(expectedStart));
    }

    [Test]
    public void The_settings_source_keeps_the_old_settings_when_the_selector_is_invalid()
    {
        var source = new ScrapeSettingsSource();

        Assert.That(() => source.Update(new ScrapeSettings { NodeSelector = "=x" }), Throws.ArgumentException.With.Message.Contains("nodeSelector"));
        Assert.That(source.Current.NodeSelector, Is.Empty);
    }
}
