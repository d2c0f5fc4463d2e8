using static MetricsOperator.Tests.Storage.PayloadBuilder;

namespace MetricsOperator.Tests.Storage;

/// <summary>The pod and container cases of the reference storage tests (S15–S28).</summary>
public sealed class PodStorageTests
{
    private static readonly long Start = At(0);

    private static ContainerPoint C(string name, double at, double coreSeconds, ulong memory, long? start = null) =>
        new(name, At(at), start ?? Start, CoreSeconds(coreSeconds), memory);

    private static PayloadBuilder Pod1(params ContainerPoint[] containers) => new PayloadBuilder().Pod("ns1", "pod1", containers);

    [Test]
    public void Long_running_container_needs_two_points_and_an_empty_batch_removes_it()
    {
        var harness = new StoreHarness();
        harness.Put(Pod1(C("container1", 120, 1, 4 * MiB)));
        Assert.That(harness.Pod("ns1", "pod1"), Is.Null);

        harness.Put(Pod1(C("container1", 125, 6, 5 * MiB)));
        Assert.That(harness.Pod("ns1", "pod1"), Is.EqualTo(new ServedPod("2021-10-03T09:20:37Z", "5s", [new("container1", "1", "5Mi")])));
        Assert.That(harness.Pod("ns1", "pod2"), Is.Null);

        harness.Put(new PayloadBuilder());
        Assert.That(harness.Pod("ns1", "pod1"), Is.Null);
        Assert.That(harness.Store.Counts, Is.EqualTo(default(MetricsOperator.Storage.StoredPointCounts)));
    }

    [Test]
    public void Pod_timestamp_and_window_come_from_the_earliest_container()
    {
        var harness = new StoreHarness();
        harness.Put(Pod1(C("container1", 110, 1, 4 * MiB), C("container2", 115, 2, 5 * MiB)));
        harness.Put(Pod1(C("container1", 120, 6, 6 * MiB), C("container2", 125, 7, 7 * MiB)));

        Assert.That(
            harness.Pod("ns1", "pod1"),
            Is.EqualTo(new ServedPod("2021-10-03T09:20:32Z", "10s", [new("container1", "500m", "6Mi"), new("container2", "500m", "7Mi")])));
        Assert.That(harness.Store.Counts.ContainersWithPrev, Is.EqualTo(2), "S18");
        Assert.That(harness.Store.Counts.NodesWithPrev, Is.Zero, "S18");
    }

    [Test]
    public void Repeated_point_is_never_served()
    {
        var harness = new StoreHarness();
        harness.Put(Pod1(C("container1", 110, 1, 4 * MiB)));
        harness.Put(Pod1(C("container1", 110, 1, 4 * MiB)));

        Assert.That(harness.Pod("ns1", "pod1"), Is.Null);
        Assert.That(harness.Store.Counts.ContainersWithPrev, Is.Zero);
    }

    [Test]
    public void Restarted_container_is_measured_from_its_new_start()
    {
        var harness = new StoreHarness();
        harness.Put(Pod1(C("container1", 10, 1, 4 * MiB)));
        harness.Put(Pod1(C("container1", 25, 5, 5 * MiB, start: At(15))));

        Assert.That(harness.Pod("ns1", "pod1"), Is.EqualTo(new ServedPod("2021-10-03T09:18:57Z", "10s", [new("container1", "500m", "5Mi")])));
    }

    /// <summary>
    /// S20. Deliberate deviation: the reference serves this pod with <c>containers: []</c>, <c>timestamp: null</c> and
    /// <c>window: "0s"</c>; we omit a pod unless every container has a rate, so a client never sees an empty pod.
    /// </summary>
    [Test]
    public void Cpu_decrease_omits_the_pod_instead_of_serving_it_with_no_containers()
    {
        var harness = new StoreHarness();
        harness.Put(Pod1(C("container1", 110, 20, 4 * MiB)));
        harness.Put(Pod1(C("container1", 120, 10, 4 * MiB)));

        Assert.That(harness.Pod("ns1", "pod1"), Is.Null);
        Assert.That(harness.Store.Counts.ContainersWithPrev, Is.EqualTo(1), "the gauge counts the point, as the reference's does");
    }

    [Test]
    public void One_bad_container_hides_the_whole_pod()
    {
        var harness = new StoreHarness();
        harness.Put(Pod1(C("container1", 110, 20, 4 * MiB), C("container2", 110, 1, 4 * MiB)));
        harness.Put(Pod1(C("container1", 120, 10, 4 * MiB), C("container2", 120, 2, 4 * MiB)));

        Assert.That(harness.Pod("ns1", "pod1"), Is.Null);
    }

    [Test]
    public void Point_older_than_prev_drops_prev()
    {
        var harness = new StoreHarness();
        harness.Put(Pod1(C("container1", 1115, 20, 4 * MiB)));
        harness.Put(Pod1(C("container1", 1125, 40, 4 * MiB)));
        Assert.That(harness.Pod("ns1", "pod1"), Is.EqualTo(new ServedPod("2021-10-03T09:37:17Z", "10s", [new("container1", "2", "4Mi")])));

        harness.Put(Pod1(C("container1", 115, 10, 4 * MiB)));
        Assert.That(harness.Pod("ns1", "pod1"), Is.Null);
    }

    [Test]
    public void Point_between_prev_and_last_keeps_prev()
    {
        var harness = new StoreHarness();
        harness.Put(Pod1(C("container1", 115, 10, 4 * MiB)));
        harness.Put(Pod1(C("container1", 125, 50, 5 * MiB)));
        Assert.That(harness.Pod("ns1", "pod1"), Is.EqualTo(new ServedPod("2021-10-03T09:20:37Z", "10s", [new("container1", "4", "5Mi")])));

        harness.Put(Pod1(C("container1", 120, 35, 5 * MiB)));
        Assert.That(harness.Pod("ns1", "pod1"), Is.EqualTo(new ServedPod("2021-10-03T09:20:32Z", "5s", [new("container1", "5", "5Mi")])));
    }

    [Test]
    public void Long_running_container_is_not_served_after_one_scrape()
    {
        var harness = new StoreHarness();
        harness.Put(Pod1(C("container1", 120, 1, 4 * MiB)));

        Assert.That(harness.Pod("ns1", "pod1"), Is.Null);
        Assert.That(harness.Store.IsReady, Is.False);
    }

    [Test]
    public void Fresh_container_is_served_after_one_scrape_measured_from_its_start()
    {
        var harness = new StoreHarness();
        harness.Put(Pod1(C("container1", 10, 10, 4 * MiB)));

        Assert.That(harness.Pod("ns1", "pod1"), Is.EqualTo(new ServedPod("2021-10-03T09:18:42Z", "10s", [new("container1", "1", "4Mi")])));
        Assert.That(harness.Store.Counts.PodsWithPrev, Is.EqualTo(1));
    }

    [TestCase(-10, TestName = "Start after the sample")]
    [TestCase(9, TestName = "Younger than 10s")]
    [TestCase(60, TestName = "Exactly one resolution old")]
    public void Container_outside_the_fresh_range_is_not_served_after_one_scrape(double ageSeconds)
    {
        var harness = new StoreHarness();
        harness.Put(Pod1(C("container1", ageSeconds, 10, 4 * MiB)));

        Assert.That(harness.Pod("ns1", "pod1"), Is.Null);
        Assert.That(harness.Store.Counts.ContainersWithPrev, Is.Zero);
    }

    [Test]
    public void Fresh_range_ends_just_below_the_resolution()
    {
        var harness = new StoreHarness();
        harness.Put(Pod1(new ContainerPoint("container1", Start + 60_000_000_000 - 1, Start, CoreSeconds(6), 4 * MiB)));

        Assert.That(harness.Pod("ns1", "pod1")?.Window, Is.EqualTo("59.999999999s"));
    }

    [Test]
    public void Container_without_start_time_takes_the_two_point_path()
    {
        var harness = new StoreHarness();
        harness.Put(Pod1(C("container1", 120, 1, 4 * MiB, start: 0)));
        Assert.That(harness.Pod("ns1", "pod1"), Is.Null);

        harness.Put(Pod1(C("container1", 125, 6, 5 * MiB, start: 0)));
        Assert.That(harness.Pod("ns1", "pod1"), Is.EqualTo(new ServedPod("2021-10-03T09:20:37Z", "5s", [new("container1", "1", "5Mi")])));
    }

    [Test]
    public void Container_without_start_time_near_the_epoch_is_not_mistaken_for_fresh()
    {
        var harness = new StoreHarness();
        var payload = new PayloadBuilder().Pod("ns1", "pod1", new ContainerPoint("container1", 10_000_000_000, 0, CoreSeconds(1), 1));
        harness.Put(payload);

        Assert.That(harness.Pod("ns1", "pod1"), Is.Null);
    }

    [Test]
    public void Pod_that_gains_a_container_is_hidden_until_that_container_has_a_prev()
    {
        var harness = new StoreHarness();
        harness.Put(Pod1(C("container1", 110, 1, 4 * MiB)));
        harness.Put(Pod1(C("container1", 120, 6, 6 * MiB), C("container2", 120, 8, 5 * MiB)));
        Assert.That(harness.Pod("ns1", "pod1"), Is.Null);
        Assert.That(harness.Store.Counts.ContainersWithPrev, Is.EqualTo(1));

        harness.Put(Pod1(C("container1", 130, 11, 6 * MiB), C("container2", 130, 9, 5 * MiB)));
        Assert.That(harness.Pod("ns1", "pod1")?.Containers, Has.Length.EqualTo(2));
    }

    [Test]
    public void Repeated_pod_or_container_in_one_payload_keeps_the_first()
    {
        var harness = new StoreHarness();
        var first = new PayloadBuilder()
            .Pod("ns1", "pod1", C("container1", 110, 1, 4 * MiB), C("container1", 110, 3, 9 * MiB))
            .Pod("ns1", "pod1", C("other", 110, 1, 4 * MiB));
        var second = new PayloadBuilder()
            .Pod("ns1", "pod1", C("container1", 120, 6, 5 * MiB), C("container1", 120, 99, 9 * MiB))
            .Pod("ns1", "pod1", C("other", 120, 1, 4 * MiB));
        harness.Put(first).Put(second);

        Assert.That(harness.Pod("ns1", "pod1"), Is.EqualTo(new ServedPod("2021-10-03T09:20:32Z", "10s", [new("container1", "500m", "5Mi")])));
        Assert.That(harness.Store.Counts.Pods, Is.EqualTo(1));
    }

    [Test]
    public void Pods_are_told_apart_by_namespace_and_name()
    {
        var harness = new StoreHarness();
        harness.Put(new PayloadBuilder().Pod("a", "p", C("c", 10, 10, 1 * MiB)).Pod("b", "p", C("c", 10, 20, 2 * MiB)));

        Assert.That(harness.Pod("a", "p")?.Containers[0].Cpu, Is.EqualTo("1"));
        Assert.That(harness.Pod("b", "p")?.Containers[0].Cpu, Is.EqualTo("2"));
    }

    [Test]
    public void Reordered_payload_keeps_every_series()
    {
        var harness = new StoreHarness();
        harness.Put(new PayloadBuilder()
            .Pod("ns", "a", C("x", 110, 1, 1), C("y", 110, 1, 1))
            .Pod("ns", "b", C("x", 110, 1, 1))
            .Pod("ns", "c", C("x", 110, 1, 1)));
        harness.Put(new PayloadBuilder()
            .Pod("ns", "c", C("x", 120, 2, 1))
            .Pod("ns", "new", C("x", 120, 2, 1))
            .Pod("ns", "a", C("y", 120, 3, 1), C("x", 120, 2, 1)));

        Assert.Multiple(() =>
        {
            Assert.That(harness.Pod("ns", "a"), Is.EqualTo(new ServedPod("2021-10-03T09:20:32Z", "10s", [new("x", "100m", "1"), new("y", "200m", "1")])));
            Assert.That(harness.Pod("ns", "b"), Is.Null);
            Assert.That(harness.Pod("ns", "c")?.Containers[0].Cpu, Is.EqualTo("100m"));
            Assert.That(harness.Pod("ns", "new"), Is.Null);
        });
    }

    [Test]
    public void Non_ascii_names_are_matched_across_scrapes()
    {
        var harness = new StoreHarness();
        harness.Put(new PayloadBuilder().Pod("näme", "pöd", C("cöntainer", 110, 1, 1)));
        harness.Put(new PayloadBuilder().Pod("näme", "pöd", C("cöntainer", 120, 2, 1)));

        Assert.That(harness.Pod("näme", "pöd")?.Containers[0], Is.EqualTo(new ServedContainer("cöntainer", "100m", "1")));
    }

    [Test]
    public void Node_whose_pod_count_shrinks_and_grows_keeps_every_remaining_series()
    {
        var harness = new StoreHarness();
        PayloadBuilder Pods(int count, double at)
        {
            var payload = new PayloadBuilder();
            for (var i = 0; i < count; i++)
            {
                payload.Pod("ns", $"pod-{i:D3}", C("c", at, at / 10, 1));
            }

            return payload;
        }

        harness.Put(Pods(100, 100)).Put(Pods(100, 110)).Put(Pods(100, 120));
        harness.Put(Pods(3, 130)).Put(Pods(3, 140)).Put(Pods(3, 150));
        Assert.That(harness.Pod("ns", "pod-002")?.Containers[0].Cpu, Is.EqualTo("100m"));
        Assert.That(harness.Pod("ns", "pod-050"), Is.Null);

        harness.Put(Pods(100, 160));
        Assert.That(harness.Pod("ns", "pod-002")?.Containers[0].Cpu, Is.EqualTo("100m"));
        Assert.That(harness.Pod("ns", "pod-050"), Is.Null, "it left, so it starts over");
        Assert.That(harness.Store.Counts.Pods, Is.EqualTo(100));
    }
}
