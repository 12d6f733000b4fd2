namespace RecruitRegistry.Testing;

/// <summary>
/// The expected access table of one gRPC service, read from docs/security.md (the section whose heading names the
/// service, e.g. <c>`recruit.licensing.v1.Licensing`</c>): the caller columns, and per RPC a row in the form
/// <see cref="AccessMatrix.MismatchesAsync"/> compares ('A' allowed, '-' denied, 'H' hidden: answered as an unknown id,
/// one character per caller).
/// </summary>
public sealed record AccessTable(IReadOnlyList<string> Callers, IReadOnlyDictionary<string, string> Rows)
{
    public const string Document = "docs/security.md";

    public static AccessTable Of(string serviceFullName)
    {
        var path = Path.Combine(Repository.Root, Document);
        var lines = File.ReadAllLines(path);
        var heading = Array.FindIndex(lines, l => l.StartsWith("## ", StringComparison.Ordinal) && l.Contains($"`{serviceFullName}`", StringComparison.Ordinal));
        if (heading < 0)
        {
            throw new InvalidOperationException($"{Document} has no section for {serviceFullName}.");
        }

        var table = lines.Skip(heading + 1)
            .SkipWhile(l => !l.StartsWith("| RPC |", StringComparison.Ordinal))
            .TakeWhile(l => l.StartsWith('|'))
            .Select(Cells)
            .ToList();
        if (table.Count < 3)
        {
            throw new InvalidOperationException($"{Document}: the {serviceFullName} section has no access table.");
        }

        var callers = table[0].Skip(1).ToList();
        var rows = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in table.Skip(2))
        {
            if (row.Count != callers.Count + 1)
            {
                throw new InvalidOperationException($"{Document}: {serviceFullName}/{row[0]} has {row.Count - 1} cells for {callers.Count} callers.");
            }

            rows.Add(row[0], string.Concat(row.Skip(1).Select(cell => cell switch
            {
                "allow" => 'A',
                "deny" => '-',
                "hidden" => 'H',
                _ => throw new InvalidOperationException($"{Document}: {serviceFullName}/{row[0]}: '{cell}' is none of allow, deny, hidden."),
            })));
        }

        return new AccessTable(callers, rows);
    }

    /// <summary>The index of a caller's column.</summary>
    public int Column(string caller) =>
        Callers.ToList().IndexOf(caller) is var i and >= 0 ? i : throw new InvalidOperationException($"{Document} has no column '{caller}'.");

    /// <summary>Whether the caller of this column is refused as unauthenticated (no valid token) rather than as not permitted.</summary>
    public static bool Unauthenticated(string caller) => caller is "anonymous" or "expired token" or "foreign key";

    private static List<string> Cells(string line) =>
        line.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToList();
}
