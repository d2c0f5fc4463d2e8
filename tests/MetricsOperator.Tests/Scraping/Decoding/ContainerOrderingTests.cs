using System.Text;
using FsCheck;
using FsCheck.Fluent;
using MetricsOperator.Scraping;

namespace MetricsOperator.Tests.Scraping.Decoding;

/// <summary>Containers come out by namespace, pod and container in ordinal byte order, whatever prefixes the names share.</summary>
[TestFixture]
internal sealed class ContainerOrderingTests
{
    /// <summary>Short alphabets make shared eight-byte prefixes, zero bytes and prefixes of other names common.</summary>
    private static readonly string[] Pieces = ["a", "b", "\0", "kube-sys", "kube-system", "x-1", "x-10", "é"];

    [FsCheck.NUnit.Property(MaxTest = 500)]
    public Property OrdersAsOrdinalBytes() =>
        Prop.ForAll(Gen.ArrayOf(Key()).ToArbitrary(), keys =>
        {
            var table = new ContainerPointTable();
            var arena = new DecodedPayload();
            var distinct = keys.Distinct().ToArray();
            foreach (var (ns, pod, container) in distinct)
            {
                var n = Encoding.UTF8.GetBytes(ns);
                var p = Encoding.UTF8.GetBytes(pod);
                var c = Encoding.UTF8.GetBytes(container);
                Assert.That(table.IndexOf(n, p, c, arena, out var hash), Is.EqualTo(-1));
                table.Add(n, p, c, hash, arena, 1);
            }

            var order = new int[distinct.Length];
            new ContainerOrdering().Sort(table, arena, order);

            var expected = distinct.Select(k => Bytes(k)).Order(Comparer<byte[][]>.Create(CompareKeys)).ToArray();
            var actual = order.Select(i => Bytes(distinct[i])).ToArray();
            Assert.That(actual, Is.EqualTo(expected));
        });

    private static Gen<(string, string, string)> Key() =>
        from ns in Name()
        from pod in Name()
        from container in Name()
        select (ns, pod, container);

    private static Gen<string> Name() => Gen.Choose(1, 3).SelectMany(n => Gen.ArrayOf(Gen.Elements(Pieces), n)).Select(string.Concat);

    private static byte[][] Bytes((string Ns, string Pod, string Container) key) =>
        [Encoding.UTF8.GetBytes(key.Ns), Encoding.UTF8.GetBytes(key.Pod), Encoding.UTF8.GetBytes(key.Container)];

    private static int CompareKeys(byte[][]? a, byte[][]? b)
    {
        for (var i = 0; i < 3; i++)
        {
            var order = a![i].AsSpan().SequenceCompareTo(b![i]);
            if (order != 0)
            {
                return order;
            }
        }

        return 0;
    }
}
