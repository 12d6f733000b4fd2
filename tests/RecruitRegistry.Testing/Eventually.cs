namespace RecruitRegistry.Testing;

/// <summary>Awaits a condition with a deadline (never a fixed sleep): fails with what was last seen.</summary>
public static class Eventually
{
    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan deadline, string what)
    {
        var started = DateTime.UtcNow;
        T last;
        while (true)
        {
            last = await probe();
            if (done(last))
            {
                return last;
            }

            if (DateTime.UtcNow - started > deadline)
            {
                throw new TimeoutException($"Waited {deadline} for {what}; last seen: {last}");
            }

            await Task.Delay(50);
        }
    }
}
