using MetricsOperator.Storage;

namespace MetricsOperator.Tests.Storage;

/// <summary>The retired node tables are shared by all nodes, and a table reaches the pool only once nobody reads it.</summary>
public sealed class NodeTablePoolTests
{
    [Test]
    public void A_table_one_node_retired_is_refilled_for_another()
    {
        var pool = new NodeTablePool();
        var first = new NodeSlot("node-a", pool);
        var second = new NodeSlot("node-b", pool);
        var retiredLater = first.RentTable(30, 60);
        first.Publish(retiredLater)?.Release();
        first.Publish(first.RentTable(30, 60))!.Release();
        Assert.That(pool.Count, Is.EqualTo(1));

        var refilled = second.RentTable(30, 60);

        Assert.That(refilled, Is.SameAs(retiredLater));
        Assert.That(refilled.Owner, Is.SameAs(second));
        Assert.That(pool.Count, Is.Zero);
    }

    [Test]
    public void A_retired_table_waits_for_its_writer_and_its_readers_before_it_is_pooled()
    {
        var pool = new NodeTablePool();
        var slot = new NodeSlot("node-a", pool);
        slot.Publish(slot.RentTable(30, 60));
        var pinned = slot.AcquirePublished();

        var retired = slot.Publish(slot.RentTable(30, 60));
        Assert.That(retired, Is.SameAs(pinned));
        Assert.That(pool.Count, Is.Zero, "the writer still holds the publication's reference");
        retired!.Release();
        Assert.That(pool.Count, Is.Zero, "a reader still pins it");
        pinned!.Release();
        Assert.That(pool.Count, Is.EqualTo(1));
    }

    [Test]
    public void A_rent_takes_a_pooled_table_that_fits_before_a_newer_one_that_does_not()
    {
        var pool = new NodeTablePool();
        var small = new NodeSlot("small", pool);
        var big = new NodeSlot("big", pool);
        var smallTable = small.RentTable(30, 60);
        var bigTable = big.RentTable(110, 220);
        small.Publish(smallTable);
        big.Publish(bigTable);
        small.MarkRemoved()!.Release();
        big.MarkRemoved()!.Release();
        Assert.That(pool.Count, Is.EqualTo(2));

        Assert.That(new NodeSlot("other", pool).RentTable(28, 56), Is.SameAs(smallTable));
        Assert.That(new NodeSlot("another", pool).RentTable(28, 56), Is.SameAs(bigTable), "nothing fits: the newest");
    }

    [Test]
    public void Clear_drops_the_pooled_tables()
    {
        var pool = new NodeTablePool();
        var slot = new NodeSlot("node-a", pool);
        slot.Publish(slot.RentTable(30, 60));
        slot.MarkRemoved()!.Release();
        Assert.That(pool.Count, Is.EqualTo(1));

        pool.Clear();

        Assert.That(pool.Count, Is.Zero);
    }
}
