using RecruitRegistry.FeeAudits.Reports;

namespace RecruitRegistry.FeeAudits.Tests;

/// <summary>The suppression rule alone, on tables small enough to check by hand (docs/reports.md).</summary>
public sealed class DisclosureControlTests
{
    [Fact]
    public void A_small_cell_takes_a_second_cell_of_its_line_with_it_and_the_total_stays()
    {
        var hidden = new List<string>();
        var control = new DisclosureControl(5);
        var total = control.Add(11, () => hidden.Add("total"));
        control.Line(total, [control.Add(1, () => hidden.Add("F")), control.Add(10, () => hidden.Add("M")), control.Add(0, () => hidden.Add("X"))]);
        control.Apply();

        // The zero describes nobody and is the smallest shown cell: it is the second suppression, and F stays unknown
        // (F + X = 1).
        Assert.Equal(["F", "X"], hidden);
    }

    [Fact]
    public void A_table_with_margins_suppresses_a_rectangle_so_no_line_recovers_the_small_cell()
    {
        //        c1   c2 | total
        //  r1     3   10 |  13
        //  r2     8    9 |  17
        //  total 11   19 |  30
        var hidden = new HashSet<string>();
        var control = new DisclosureControl(5);
        DisclosureControl.Cell Cell(string name, long n) => control.Add(n, () => hidden.Add(name));
        var (a, b, c, d) = (Cell("r1c1", 3), Cell("r1c2", 10), Cell("r2c1", 8), Cell("r2c2", 9));
        var (r1, r2, c1, c2, all) = (Cell("r1", 13), Cell("r2", 17), Cell("c1", 11), Cell("c2", 19), Cell("all", 30));
        control.Line(r1, [a, b]);
        control.Line(r2, [c, d]);
        control.Line(c1, [a, c]);
        control.Line(c2, [b, d]);
        control.Line(all, [r1, r2]);
        control.Line(all, [c1, c2]);
        control.Apply();

        Assert.Equal(new HashSet<string> { "r1c1", "r1c2", "r2c1", "r2c2" }, hidden);
    }

    [Fact]
    public void Lines_that_together_fix_a_suppressed_cell_get_a_further_suppression()
    {
        // a + b = 10, b + c = 10, a + c = 6: every line holds two suppressed cells, yet together they give a = 3.
        var hidden = new HashSet<string>();
        var control = new DisclosureControl(5);
        DisclosureControl.Cell Cell(string name, long n) => control.Add(n, () => hidden.Add(name));
        var (a, b, c) = (Cell("a", 3), Cell("b", 7), Cell("c", 3));
        var (t1, t2, t3) = (Cell("a+b", 10), Cell("b+c", 10), Cell("a+c", 6));
        control.Line(t1, [a, b]);
        control.Line(t2, [b, c]);
        control.Line(t3, [a, c]);
        control.Apply();

        Assert.Superset(new HashSet<string> { "a", "b", "c" }, hidden);
        Assert.True(hidden.Count >= 4, string.Join(", ", hidden));
    }

    [Fact]
    public void Counts_at_or_above_the_minimum_and_zeros_are_published()
    {
        var hidden = new List<string>();
        var control = new DisclosureControl(5);
        control.Line(control.Add(12, () => hidden.Add("total")), [control.Add(5, () => hidden.Add("F")), control.Add(7, () => hidden.Add("M")), control.Add(0, () => hidden.Add("X"))]);
        control.Apply();

        Assert.Empty(hidden);
    }
}
