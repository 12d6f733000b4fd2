using System.CommandLine;
using RecruitRegistry.Ctl.Cli;
using RecruitRegistry.Ctl.Consistency;
using Spectre.Console;

namespace RecruitRegistry.Ctl.Commands;

/// <summary>consistency check: the corridor digests compared, and with --repair the owners asked to republish.</summary>
public static class ConsistencyCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var corridor = Corridor.Option("The corridor to compare");
        var repair = new Option<bool>("--repair") { Description = "Ask the owner of every differing kind to republish the corridor, then compare until the digests agree." };
        var wait = new Option<int>("--wait") { Description = "How long --repair waits for the replicas, in seconds.", DefaultValueFactory = _ => 30 };
        var check = new Command(
            "check",
            "Compares the corridor's digests of the three services, kind by kind, between each kind's owner (corridor, agency, licence: " +
            "Licensing; contract: WorkerContracts; case, grievance: FeeAudits) and the services that replicate it (DESIGN.md, corridor " +
            "digests). Needs an authority token of the corridor. Exit 0: consistent (or repaired); 1: still different.")
        {
            corridor, repair, wait,
        };
        check.SetSessionAction(globals, async (parse, session, ct) =>
        {
            var c = parse.GetRequiredValue(corridor);
            var checker = new CorridorChecker(session.Licensing, session.Contracts, session.Audits, session.Caller);
            var result = await session.Output.Messages.Status().StartAsync("comparing digests", async status =>
                await checker.CheckAsync(c.Origin, c.Destination, parse.GetValue(repair), TimeSpan.FromSeconds(parse.GetValue(wait)), ct,
                    step => status.Status(step)));
            if (session.Output.IsJson)
            {
                session.Output.WriteJson(new
                {
                    Corridor = c.ToString(),
                    result.ConsistentBefore,
                    result.ConsistentAfter,
                    Before = result.Before.Select(Json),
                    result.Republished,
                    After = result.After.Select(Json),
                    Repaired = result.Repaired.Select(k => new { k.Kind, k.Holder }),
                });
            }
            else
            {
                Show(session.Output, c, result);
            }

            return result.ConsistentAfter ? ExitCodes.Ok : ExitCodes.Findings;
        });
        return new Command("consistency", "The replicas of the three services against their owners.") { check };
    }

    private static object Json(KindComparison k) => new
    {
        k.Kind, k.Owner, k.Holder, OwnerItems = k.OwnerDigest?.ItemCount ?? 0, HolderItems = k.HolderDigest?.ItemCount ?? 0, k.Agrees,
    };

    private static void Show(Output output, Corridor corridor, CheckResult result)
    {
        var repaired = result.Repaired.Select(k => (k.Kind, k.Holder)).ToHashSet();
        var table = new Table().Title($"corridor {corridor}").AddColumns("kind", "owner", "items", "replica", "items", "before", "after");
        foreach (var before in result.Before)
        {
            var after = result.After.First(a => a.Kind == before.Kind && a.Holder == before.Holder);
            table.AddRow(
                before.Kind, before.Owner, Items(before.OwnerDigest), before.Holder, Items(before.HolderDigest),
                before.Agrees ? "equal" : "[red]different[/]",
                repaired.Contains((before.Kind, before.Holder)) ? "[green]repaired[/]" : after.Agrees ? "equal" : "[red]different[/]");
        }

        output.Write(table);
        foreach (var line in result.Republished)
        {
            output.Line("republished: " + line);
        }

        output.Line(result.ConsistentAfter ? "consistent" : "STILL DIFFERENT");
    }

    private static string Items(RecruitRegistry.Contracts.Common.V1.KindDigest? digest) => (digest?.ItemCount ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
