using System.CommandLine;
using System.Globalization;
using RecruitRegistry.Contracts.Common.V1;
using RecruitRegistry.Contracts.FeeAudits.V1;
using RecruitRegistry.Contracts.WorkerContracts.V1;
using RecruitRegistry.Ctl.Cli;
using RecruitRegistry.Platform.Validation;
using Spectre.Console;

namespace RecruitRegistry.Ctl.Commands;

/// <summary>contracts search and cases list: the registry's records of a corridor, page after page up to --limit.</summary>
public static class SearchCommands
{
    public static Command Contracts(GlobalOptions globals)
    {
        var corridor = Corridor.Option("The corridor's contracts");
        var agency = new Option<string?>("--agency") { Description = "Only this agency's (its id)." };
        var passport = new Option<string?>("--passport")
        {
            Description = "Only the worker with this passport (authorities and auditors; matched by its keyed hash, never stored in clear).",
        };
        var status = EnumOption<ContractStatus>("--status", "CONTRACT_STATUS_", "Only contracts in this status");
        var limit = Limit();
        var search = new Command("search", "Finds registered contracts: reference, agency, sector, status, audit.") { corridor, agency, passport, status, limit };
        search.SetSessionAction(globals, async (parse, session, ct) =>
        {
            var c = parse.GetRequiredValue(corridor);
            var request = new SearchContractsRequest
            {
                OriginCountry = c.Origin,
                DestinationCountry = c.Destination,
                AgencyId = parse.GetValue(agency) ?? "",
                PassportNumber = parse.GetValue(passport) ?? "",
                Status = parse.GetValue(status),
            };
            var found = new SearchContractsReply();
            await foreach (var page in Pages(parse.GetValue(limit), async (token, size) =>
            {
                request.Page = new PageRequest { PageToken = token, PageSize = size };
                var reply = await session.Contracts.SearchContractsAsync(request, session.Call(ct));
                return (reply.Contracts.ToList(), reply.Page.NextPageToken);
            }))
            {
                found.Contracts.AddRange(page);
            }

            if (session.Output.IsJson)
            {
                session.Output.WriteJson(found);
                return ExitCodes.Ok;
            }

            var table = new Table().AddColumns("reference", "agency", "sector", "sex", "status", "audit", "registered");
            foreach (var contract in found.Contracts)
            {
                table.AddRow(
                    contract.Reference,
                    contract.AgencyId,
                    ProtoEnums.Name(contract.Terms?.Job?.Sector ?? default, "SECTOR_"),
                    ProtoEnums.Name(contract.Worker?.Sex ?? default, "SEX_"),
                    ProtoEnums.Name(contract.Status, "CONTRACT_STATUS_"),
                    ProtoEnums.Name(contract.AuditOutcome, "AUDIT_OUTCOME_"),
                    contract.RegisteredAt?.ToDateTime().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "");
            }

            session.Output.Write(table);
            session.Output.Line($"{found.Contracts.Count} contract(s)");
            return ExitCodes.Ok;
        });
        return new Command("contracts", "Registered employment contracts.") { search };
    }

    public static Command Cases(GlobalOptions globals)
    {
        var corridor = Corridor.Option("The corridor's cases");
        var state = EnumOption<CaseState>("--state", "CASE_STATE_", "Only cases in this state");
        var agency = new Option<string?>("--agency") { Description = "Only this agency's (its id)." };
        var limit = Limit();
        var list = new Command("list", "Lists fee cases: state, agency, excess, refund, appeal deadline.") { corridor, state, agency, limit };
        list.SetSessionAction(globals, async (parse, session, ct) =>
        {
            var c = parse.GetRequiredValue(corridor);
            var request = new ListCasesRequest
            {
                OriginCountry = c.Origin,
                DestinationCountry = c.Destination,
                State = parse.GetValue(state),
                AgencyId = parse.GetValue(agency) ?? "",
            };
            var found = new ListCasesReply();
            await foreach (var page in Pages(parse.GetValue(limit), async (token, size) =>
            {
                request.Page = new PageRequest { PageToken = token, PageSize = size };
                var reply = await session.Audits.ListCasesAsync(request, session.Call(ct));
                return (reply.Cases.ToList(), reply.Page.NextPageToken);
            }))
            {
                found.Cases.AddRange(page);
            }

            if (session.Output.IsJson)
            {
                session.Output.WriteJson(found);
                return ExitCodes.Ok;
            }

            var table = new Table().AddColumns("case", "agency", "state", "excess", "refund", "appeal until", "opened");
            foreach (var @case in found.Cases)
            {
                table.AddRow(
                    @case.Id,
                    @case.AgencyId,
                    ProtoEnums.Name(@case.State, "CASE_STATE_"),
                    Money(@case.Excess),
                    @case.Refund is { } refund ? $"{Money(refund.Amount)} {ProtoEnums.Name(refund.State, "REFUND_STATE_")}" : "",
                    @case.AppealDeadline is { Year: > 0 } d ? $"{d.Year:D4}-{d.Month:D2}-{d.Day:D2}" : "",
                    @case.OpenedAt?.ToDateTime().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "");
            }

            session.Output.Write(table);
            session.Output.Line($"{found.Cases.Count} case(s)");
            return ExitCodes.Ok;
        });
        return new Command("cases", "Fee cases.") { list };
    }

    public static string Money(Money? money) => money is null ? "" : $"{money.Amount} {money.CurrencyCode}";

    /// <summary>Pages of a listing, asked for one after the other until the listing ends or the limit is reached.</summary>
    private static async IAsyncEnumerable<List<T>> Pages<T>(int limit, Func<string, int, Task<(List<T> Items, string Next)>> read)
    {
        var token = "";
        var left = limit;
        while (left > 0)
        {
            var (items, next) = await read(token, Math.Min(left, 100));
            yield return items.Take(left).ToList();
            left -= items.Count;
            if (string.IsNullOrEmpty(next) || items.Count == 0)
            {
                yield break;
            }

            token = next;
        }
    }

    private static Option<int> Limit()
    {
        var limit = new Option<int>("--limit") { Description = "At most this many.", DefaultValueFactory = _ => 50 };
        limit.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 100_000)
            {
                r.AddError("--limit must be between 1 and 100000");
            }
        });
        return limit;
    }

    /// <summary>An option naming a proto enum value without its prefix, in any case ("confirmed").</summary>
    private static Option<T> EnumOption<T>(string name, string prefix, string description)
        where T : struct, Enum
    {
        var values = Enum.GetValues<T>().Where(ProtoEnums.IsSet).Select(v => ProtoEnums.Name(v, prefix)).ToArray();
        return new Option<T>(name)
        {
            HelpName = name.TrimStart('-').ToUpperInvariant(),
            Description = $"{description}: {string.Join(", ", values)}.",
            CustomParser = r =>
            {
                var text = r.Tokens.Count == 1 ? r.Tokens[0].Value : "";
                if (ProtoEnums.TryParse<T>(text, prefix, out var value))
                {
                    return value;
                }

                r.AddError($"{name} must be one of {string.Join(", ", values)}");
                return default;
            },
        };
    }
}
