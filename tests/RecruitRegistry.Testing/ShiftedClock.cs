namespace RecruitRegistry.Testing;

/// <summary>A clock tests move forward (appeal windows, refund due days); tokens live long enough to outlast the moves.</summary>
public sealed class ShiftedClock : TimeProvider
{
    private TimeSpan offset;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + offset;

    public void Advance(TimeSpan by) => offset += by;
}
