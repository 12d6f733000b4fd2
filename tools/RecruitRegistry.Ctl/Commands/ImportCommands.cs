using System.CommandLine;
using RecruitRegistry.Ctl.Cli;
using RecruitRegistry.Ctl.Imports;
using Spectre.Console;

namespace RecruitRegistry.Ctl.Commands;

/// <summary>agencies import and licences import: a national registry's spreadsheets into the registry.</summary>
public static class ImportCommands
{
    public static Command Agencies(GlobalOptions globals)
    {
        var (import, file, rejected, parallel) = ImportCommand(
            "Registers the agencies of a CSV file (columns: " + Columns(AgencyImport.Required, AgencyImport.Optional) + "). " +
            "Needs an authority token of the agencies' country.");
        import.SetSessionAction(globals, async (parse, session, ct) =>
            Report(session.Output, await AgencyImport.For(session).RunAsync(
                parse.GetRequiredValue(file), parse.GetValue(rejected), parse.GetValue(parallel), session.Output, ct)));
        return new Command("agencies", "The agencies of the registry.") { import };
    }

    public static Command Licences(GlobalOptions globals)
    {
        var (import, file, rejected, parallel) = ImportCommand(
            "Issues the licences and accreditations of a CSV file (columns: " + Columns(LicenceImport.Required, LicenceImport.Optional) + "), " +
            "each to the agency named by its registration number. Needs an authority token of the issuing country.");
        var reason = new Option<string>("--reason")
        {
            Description = "The decision's reason where a row has none.",
            DefaultValueFactory = _ => "Imported from the national registry of licences",
        };
        var legalBasis = new Option<string>("--legal-basis") { Description = "The decision's legal basis where a row has none (the act the licence was issued under).", DefaultValueFactory = _ => "" };
        import.Options.Add(reason);
        import.Options.Add(legalBasis);
        import.SetSessionAction(globals, async (parse, session, ct) =>
            Report(session.Output, await new LicenceImport(session, parse.GetRequiredValue(reason), parse.GetRequiredValue(legalBasis)).Import().RunAsync(
                parse.GetRequiredValue(file), parse.GetValue(rejected), parse.GetValue(parallel), session.Output, ct)));
        return new Command("licences", "Licences and accreditations.") { import };
    }

    private static (Command Import, Argument<FileInfo> File, Option<FileInfo?> Rejected, Option<int> Parallel) ImportCommand(string description)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "The CSV file: UTF-8, comma-separated, a header row; lists within a cell separated by '|'." };
        var rejected = new Option<FileInfo?>("--rejected") { Description = "Where the rejected rows go, each with its line and reason. [default: FILE.rejected.csv]" };
        var parallel = new Option<int>("--parallel")
        {
            Description = "Rows sent at once.",
            DefaultValueFactory = _ => 8,
        };
        parallel.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 64)
            {
                r.AddError("--parallel must be between 1 and 64");
            }
        });
        var import = new Command("import", description + " Idempotent and resumable: rows already in the registry are counted, not sent twice; run it again after a stop.")
        {
            file, rejected, parallel,
        };
        return (import, file, rejected, parallel);
    }

    private static int Report(Output output, ImportSummary summary)
    {
        if (output.IsJson)
        {
            output.WriteJson(summary);
        }
        else
        {
            var table = new Table().AddColumn("rows").AddColumn("imported").AddColumn("already present").AddColumn("rejected");
            table.AddRow($"{summary.Rows:N0}", $"{summary.Imported:N0}", $"{summary.AlreadyPresent:N0}", summary.Rejected > 0 ? $"[red]{summary.Rejected:N0}[/]" : "0");
            output.Write(table);
            if (summary.Rejected > 0)
            {
                output.Line($"rejected rows, each with its reason: {summary.RejectedFile}");
            }
        }

        return summary.Rejected > 0 ? ExitCodes.Findings : ExitCodes.Ok;
    }

    private static string Columns(string[] required, string[] optional) => string.Join(", ", required) + "; optional " + string.Join(", ", optional);
}
