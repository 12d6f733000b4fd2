namespace RecruitRegistry.FeeAudits.Reports;

/// <summary>
/// Statistical disclosure control of a report's counts (docs/reports.md). Primary suppression: a cell describing at
/// least one worker and fewer than the minimum is suppressed (a zero describes nobody and is published). Secondary suppression: every line (cells published together
/// with their total, the total being a cell of the line too) that holds exactly one suppressed cell gets a second,
/// the smallest cell still shown, so no suppressed count can be recovered by subtracting the others from the total.
/// Repeated until no line changes, since a second suppression may leave another line with one. Lines can still be
/// combined (a figure's sex line with the outcome lines, say), so the result is then audited: the lines are solved as a
/// linear system in the suppressed cells, and while one of them is still determined by it, another cell of one of its
/// lines is suppressed.
/// </summary>
internal sealed class DisclosureControl(int minimum)
{
    private readonly List<Cell> cells = [];
    private readonly List<Cell[]> lines = [];

    /// <summary>A published count; <paramref name="hide"/> takes it (and what it describes) out if it must not be published.</summary>
    public Cell Add(long count, Action hide)
    {
        var cell = new Cell(count, cells.Count, hide);
        cells.Add(cell);
        return cell;
    }

    /// <summary>Cells whose counts add up to <paramref name="total"/>, published with it.</summary>
    public void Line(Cell total, IEnumerable<Cell> parts) => lines.Add([.. parts, total]);

    /// <summary>Hides every cell that must not be published.</summary>
    public void Apply()
    {
        foreach (var cell in cells.Where(c => c.Count > 0 && c.Count < minimum))
        {
            cell.Suppressed = true;
        }

        do
        {
            while (lines.Where(l => l.Count(c => c.Suppressed) == 1).ToList() is { Count: > 0 } exposed)
            {
                foreach (var line in exposed.Where(l => l.Count(c => c.Suppressed) == 1))
                {
                    SuppressSmallestShown(line);
                }
            }
        }
        while (Determined() is { } determined && lines.Where(l => l.Contains(determined)).Any(SuppressSmallestShown));

        foreach (var cell in cells.Where(c => c.Suppressed))
        {
            cell.Hide();
        }
    }

    /// <summary>The smallest shown cell reveals least; the order of creation breaks ties, so the result is reproducible.</summary>
    private static bool SuppressSmallestShown(Cell[] line)
    {
        var second = line.Where(c => !c.Suppressed).OrderBy(c => c.Count).ThenBy(c => c.Order).FirstOrDefault();
        second?.Suppressed = true;
        return second is not null;
    }

    /// <summary>
    /// A suppressed cell whose count the published cells and the lines fix: with one unknown per suppressed cell and one
    /// equation per line (its parts minus its total is zero), a pivot of the reduced row echelon form with no free unknown
    /// in its row. Null when every suppressed count can still vary.
    /// </summary>
    private Cell? Determined()
    {
        var unknowns = cells.Where(c => c.Suppressed).ToList();
        var column = unknowns.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i);
        var rows = lines.Where(l => l.Any(c => c.Suppressed)).Select(line =>
        {
            var row = new double[unknowns.Count];
            for (var k = 0; k < line.Length; k++)
            {
                if (line[k].Suppressed)
                {
                    row[column[line[k]]] += k == line.Length - 1 ? -1 : 1;
                }
            }

            return row;
        }).ToList();

        var pivots = new List<(int Row, int Column)>();
        for (var col = 0; col < unknowns.Count && pivots.Count < rows.Count; col++)
        {
            var r = pivots.Count;
            var best = Enumerable.Range(r, rows.Count - r).MaxBy(i => Math.Abs(rows[i][col]));
            if (Math.Abs(rows[best][col]) < 1e-9)
            {
                continue;
            }

            (rows[r], rows[best]) = (rows[best], rows[r]);
            var scale = rows[r][col];
            for (var j = 0; j < unknowns.Count; j++)
            {
                rows[r][j] /= scale;
            }

            for (var i = 0; i < rows.Count; i++)
            {
                if (i != r && Math.Abs(rows[i][col]) > 1e-9)
                {
                    var factor = rows[i][col];
                    for (var j = 0; j < unknowns.Count; j++)
                    {
                        rows[i][j] -= factor * rows[r][j];
                    }
                }
            }

            pivots.Add((r, col));
        }

        var free = Enumerable.Range(0, unknowns.Count).Except(pivots.Select(p => p.Column)).ToList();
        return pivots.Where(p => free.All(f => Math.Abs(rows[p.Row][f]) < 1e-9)).Select(p => unknowns[p.Column]).FirstOrDefault();
    }

    public sealed class Cell(long count, int order, Action hide)
    {
        public Action Hide { get; } = hide;

        public long Count { get; } = count;

        public int Order { get; } = order;

        public bool Suppressed { get; set; }
    }
}
