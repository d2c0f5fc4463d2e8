using FsCheck;
using FsCheck.Fluent;

namespace MetricsOperator.Tests.Scraping.Decoding;

/// <summary>Whatever order the series come in, pods come out by namespace then name and containers by name (ordinal).</summary>
[TestFixture]
internal sealed class KubeletPayloadDecoderOrderProperties
{
    [FsCheck.NUnit.Property(MaxTest = 300)]
    public Property PodsAndContainersComeOutInOrdinalOrder() =>
        Prop.ForAll(Keys().ToArbitrary(), keys =>
        {
            var lines = keys.Select(k => Line("container_cpu_usage_seconds_total", k))
                .Concat(keys.Reverse().Select(k => Line("container_memory_working_set_bytes", k)));

            var result = DecodeResult.Of(string.Concat(lines));

            var expected = keys.GroupBy(k => (k.Namespace, k.Pod))
                .OrderBy(g => g.Key.Namespace, StringComparer.Ordinal).ThenBy(g => g.Key.Pod, StringComparer.Ordinal)
                .Select(g => $"{g.Key.Namespace}/{g.Key.Pod}:{string.Join(",", g.Select(k => k.Container).Order(StringComparer.Ordinal))}");
            Assert.That(result.Ok, Is.True, result.Error.ToString);
            Assert.That(result.Pods.Select(p => $"{p.Namespace}/{p.Name}:{string.Join(",", p.Containers.Select(c => c.Name))}"), Is.EqualTo(expected));
        });

    private static string Line(string family, (string Namespace, string Pod, string Container) key) =>
        $"{family}{{container=\"{key.Container}\",namespace=\"{key.Namespace}\",pod=\"{key.Pod}\"}} 1\n";

    /// <summary>Distinct keys over small alphabets (so pods share namespaces, prefixes and containers), in any order.</summary>
    private static Gen<(string Namespace, string Pod, string Container)[]> Keys() =>
        from keys in Gen.ArrayOf(
            from ns in Gen.Elements("a", "ab", "b", "kube-system", "kube")
            from pod in Gen.Elements("p", "p-1", "p-10", "p-2", "q", "\u00e9", "P")
            from container in Gen.Elements("c", "d", "app", "sidecar", "C")
            select (ns, pod, container))
        select keys.Distinct().ToArray();
}
