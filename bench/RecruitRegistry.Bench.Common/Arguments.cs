using System.Globalization;

namespace RecruitRegistry.Bench.Common;

/// <summary>"--name value" options of a benchmark's command line.</summary>
public sealed class Arguments(string[] args)
{
    public int Int(string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    public string Text(string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }
}
