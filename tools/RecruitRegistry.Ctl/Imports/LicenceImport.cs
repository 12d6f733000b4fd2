using System.Collections.Concurrent;
using System.Globalization;
using RecruitRegistry.Contracts.Common.V1;
using RecruitRegistry.Contracts.Licensing.V1;
using RecruitRegistry.Ctl.Cli;
using RecruitRegistry.Platform.Validation;

namespace RecruitRegistry.Ctl.Imports;

/// <summary>
/// licences.csv: one licence or accreditation per row, issued by the authority of the token's country to the agency
/// the row names by its registration number (imported first, with agencies import). Its natural key is (issuing
/// country, number). docs/recruitctl.md.
/// </summary>
public sealed class LicenceImport(Session session, string defaultReason, string defaultLegalBasis)
{
    public static readonly string[] Required =
        ["agency_country", "agency_registration_number", "kind", "number", "valid_from", "valid_until"];

    public static readonly string[] Optional =
        ["destination_countries", "sectors", "bond_amount", "bond_currency", "conditions", "reason", "legal_basis"];

    // One registry look-up per agency, however many licences it holds.
    private readonly ConcurrentDictionary<(string Country, string Number), Lazy<Task<string?>>> agencies = new();

    public CsvImport Import() => new("licences", Required, async (row, ct) =>
    {
        var request = Request(row, defaultReason, defaultLegalBasis);
        var key = (row["agency_country"].ToUpperInvariant(), row["agency_registration_number"]);
        request.AgencyId = await agencies.GetOrAdd(key, k => new Lazy<Task<string?>>(() => FindAgencyAsync(k.Country, k.Number, ct))).Value
            ?? throw new RowRejected($"no agency {key.Item2} registered in {key.Item1} (import agencies first)");
        await session.Licensing.IssueLicenceAsync(request, session.Call(ct));
    });

    /// <summary>The row as the RPC takes it, but for the agency's id; what the RPC cannot carry (a date, a kind) is refused here.</summary>
    public static IssueLicenceRequest Request(CsvRow row, string defaultReason, string defaultLegalBasis)
    {
        var problems = new List<string>();
        if (!ProtoEnums.TryParse<LicenceKind>(row["kind"], "LICENCE_KIND_", out var kind))
        {
            problems.Add("kind: must be ORIGIN_LICENCE or DESTINATION_ACCREDITATION");
        }

        var request = new IssueLicenceRequest
        {
            Kind = kind,
            Number = row["number"],
            DestinationCountries = { row.List("destination_countries").Select(c => c.ToUpperInvariant()) },
            ValidFrom = Date(row, "valid_from", problems),
            ValidUntil = Date(row, "valid_until", problems),
            Conditions = { row.List("conditions") },
            Reason = row["reason"] is { Length: > 0 } reason ? reason : defaultReason,
            LegalBasis = row["legal_basis"] is { Length: > 0 } basis ? basis : defaultLegalBasis,
        };
        foreach (var name in row.List("sectors"))
        {
            if (ProtoEnums.TryParse<Sector>(name, "SECTOR_", out var sector))
            {
                request.Sectors.Add(sector);
            }
            else
            {
                problems.Add($"sectors: no sector {name} (e.g. CONSTRUCTION, DOMESTIC_WORK)");
            }
        }

        if (row["bond_amount"].Length > 0 || row["bond_currency"].Length > 0)
        {
            request.SecurityBond = new Money { Amount = row["bond_amount"], CurrencyCode = row["bond_currency"].ToUpperInvariant() };
        }

        return problems.Count == 0 ? request : throw new RowRejected(string.Join("; ", problems));
    }

    private static Date? Date(CsvRow row, string column, List<string> problems)
    {
        if (DateOnly.TryParseExact(row[column], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return new Date { Year = date.Year, Month = date.Month, Day = date.Day };
        }

        problems.Add($"{column}: must be a date as 2026-12-31");
        return null;
    }

    private async Task<string?> FindAgencyAsync(string country, string number, CancellationToken ct)
    {
        var found = await session.Licensing.SearchRegistryAsync(
            new SearchRegistryRequest { Country = country, RegistrationNumber = number, Page = new PageRequest { PageSize = 1 } }, session.Call(ct));
        return found.Entries.Count == 1 ? found.Entries[0].Agency.Id : null;
    }
}
