using System.Collections.Concurrent;
using RecruitRegistry.Platform.Data;

namespace RecruitRegistry.Platform.Tests.Data;

/// <summary>
/// Look-ups that arrive together share one read; each still gets its own answer, a failed read fails only its batch and
/// one caller giving up does not end the read for the others. The reads here are held open by the test, so which
/// look-ups go together is decided, not timed.
/// </summary>
public sealed class BatchingLookupTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task An_idle_lookup_reads_at_once_with_its_key_alone()
    {
        var store = new HeldStore();
        var lookup = store.Lookup(lanes: 1, maxBatch: 64);

        var answer = lookup.GetAsync("a", CancellationToken.None);
        var read = await store.NextReadAsync();
        read.Release();

        Assert.Equal(["a"], read.Keys);
        Assert.Equal("value of a", await answer.WaitAsync(Patience));
    }

    [Fact]
    public async Task Lookups_that_arrive_while_every_lane_reads_go_together_in_the_next_read()
    {
        var store = new HeldStore();
        var lookup = store.Lookup(lanes: 1, maxBatch: 64);

        var first = lookup.GetAsync("a", CancellationToken.None);
        var firstRead = await store.NextReadAsync();
        var waiting = new[] { "b", "c", "b", "missing" }.Select(k => lookup.GetAsync(k, CancellationToken.None)).ToList();
        firstRead.Release();
        var secondRead = await store.NextReadAsync();
        secondRead.Release();

        Assert.Equal(["b", "c", "missing"], secondRead.Keys); // each key once
        Assert.Equal("value of a", await first.WaitAsync(Patience));
        Assert.Equal((IEnumerable<string?>)["value of b", "value of c", "value of b", null], await Task.WhenAll(waiting).WaitAsync(Patience));
        Assert.Equal(2, store.Reads);
    }

    [Fact]
    public async Task A_read_is_given_at_most_the_batch_size_and_the_rest_follow()
    {
        var store = new HeldStore();
        var lookup = store.Lookup(lanes: 1, maxBatch: 2);

        var answers = new List<Task<string?>> { lookup.GetAsync("a", CancellationToken.None) };
        var firstRead = await store.NextReadAsync();
        answers.AddRange(new[] { "b", "c", "d", "e", "f" }.Select(k => lookup.GetAsync(k, CancellationToken.None)));
        firstRead.Release();
        var keys = new List<string[]> { firstRead.Keys };
        for (var i = 0; i < 3; i++)
        {
            var read = await store.NextReadAsync();
            keys.Add(read.Keys);
            read.Release();
        }

        Assert.Equal([["a"], ["b", "c"], ["d", "e"], ["f"]], keys);
        Assert.Equal((IEnumerable<string?>)["value of a", "value of b", "value of c", "value of d", "value of e", "value of f"], await Task.WhenAll(answers).WaitAsync(Patience));
    }

    [Fact]
    public async Task Lanes_read_side_by_side()
    {
        var store = new HeldStore();
        var lookup = store.Lookup(lanes: 2, maxBatch: 64);

        var a = lookup.GetAsync("a", CancellationToken.None);
        var readA = await store.NextReadAsync();
        var b = lookup.GetAsync("b", CancellationToken.None);
        var readB = await store.NextReadAsync(); // the second lane reads while the first is still held
        var c = lookup.GetAsync("c", CancellationToken.None); // both lanes busy: waits
        Assert.Null(store.TryNextRead());
        readB.Release();
        readA.Release();
        var readC = await store.NextReadAsync();
        readC.Release();

        Assert.Equal((IEnumerable<string?>)["value of a", "value of b", "value of c"], await Task.WhenAll(a, b, c).WaitAsync(Patience));
        Assert.Equal(["c"], readC.Keys);
    }

    [Fact]
    public async Task A_failed_read_fails_its_batch_only_and_the_next_read_goes_ahead()
    {
        var store = new HeldStore();
        var lookup = store.Lookup(lanes: 1, maxBatch: 64);

        var first = lookup.GetAsync("a", CancellationToken.None);
        var failing = await store.NextReadAsync();
        var second = lookup.GetAsync("b", CancellationToken.None);
        failing.Fail(new TimeoutException("the database did not answer"));
        var next = await store.NextReadAsync();
        next.Release();

        var error = await Assert.ThrowsAsync<TimeoutException>(() => first.WaitAsync(Patience));
        Assert.Equal("the database did not answer", error.Message);
        Assert.Equal("value of b", await second.WaitAsync(Patience));
    }

    [Fact]
    public async Task A_caller_that_gives_up_ends_its_own_wait_and_the_read_goes_on_for_the_others()
    {
        var store = new HeldStore();
        var lookup = store.Lookup(lanes: 1, maxBatch: 64);
        using var givingUp = new CancellationTokenSource();

        var patient = lookup.GetAsync("a", CancellationToken.None);
        var read = await store.NextReadAsync();
        var impatient = lookup.GetAsync("a", givingUp.Token);
        await givingUp.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => impatient.WaitAsync(Patience));
        Assert.False(read.Cancellation.IsCancellationRequested); // a read is given no caller's token
        read.Release();
        Assert.Equal("value of a", await patient.WaitAsync(Patience));
        (await store.NextReadAsync()).Release(); // the look-up given up was queued before it gave up: it is read, unheard
    }

    [Fact]
    public async Task Many_callers_at_once_each_get_their_own_value_in_fewer_reads_than_lookups()
    {
        var reads = 0;
        var lookup = new BatchingLookup<int, string>(
            async (keys, ct) =>
            {
                Interlocked.Increment(ref reads);
                await Task.Delay(5, ct);
                return Values(keys);
            },
            lanes: 2,
            maxBatch: 16);

        var answers = await Task.WhenAll(Enumerable.Range(0, 500).Select(i => Task.Run(() => lookup.GetAsync(i, CancellationToken.None)))).WaitAsync(Patience);

        Assert.Equal(Enumerable.Range(0, 500).Select(i => i % 10 == 0 ? null : $"value of {i}"), answers);
        Assert.InRange(reads, 500 / 16, 499);

        static Dictionary<int, string> Values(int[] keys) => keys.Where(k => k % 10 != 0).ToDictionary(k => k, k => $"value of {k}");
    }

    /// <summary>A store whose reads the test releases one by one: each read is announced, then held until released.</summary>
    private sealed class HeldStore
    {
        private readonly ConcurrentQueue<HeldRead> started = new();
        private readonly SemaphoreSlim announced = new(0);
        private int reads;

        public int Reads => Volatile.Read(ref reads);

        /// <summary>A look-up reading from this store.</summary>
        public BatchingLookup<string, string> Lookup(int lanes, int maxBatch) => new(ReadAsync, lanes, maxBatch);

        private async Task<IReadOnlyDictionary<string, string>> ReadAsync(string[] keys, CancellationToken ct)
        {
            var read = Start(keys, ct);
            await read.Gate.Task;
            return Values(keys);
        }

        private HeldRead Start(string[] keys, CancellationToken ct)
        {
            Interlocked.Increment(ref reads);
            var read = new HeldRead(keys, ct);
            started.Enqueue(read);
            announced.Release();
            return read;
        }

        private static Dictionary<string, string> Values(string[] keys) => keys.Where(k => k != "missing").ToDictionary(k => k, k => $"value of {k}");

        public async Task<HeldRead> NextReadAsync()
        {
            Assert.True(await announced.WaitAsync(Patience), "no read started");
            Assert.True(started.TryDequeue(out var read));
            return read;
        }

        public HeldRead? TryNextRead() => announced.Wait(TimeSpan.FromMilliseconds(200)) && started.TryDequeue(out var read) ? read : null;
    }

    private sealed class HeldRead(string[] keys, CancellationToken cancellation)
    {
        public string[] Keys { get; } = keys;

        public CancellationToken Cancellation { get; } = cancellation;

        public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => Gate.SetResult();

        public void Fail(Exception error) => Gate.SetException(error);
    }
}
