namespace RecruitRegistry.Bench.Common;

/// <summary>Nearest-rank percentiles of a set of measurements (milliseconds, say).</summary>
public static class Percentiles
{
    /// <summary>The value below which the fraction <paramref name="q"/> of the values fall; NaN for none.</summary>
    public static double Of(IReadOnlyCollection<double> values, double q)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * q))];
    }
}
