using RecruitRegistry.Contracts.Licensing.V1;
using RecruitRegistry.Ctl.Cli;

namespace RecruitRegistry.Ctl.Imports;

/// <summary>
/// agencies.csv: one agency per row, registered by the authority of its country (the token's). Its natural key is
/// (country, registration_number). docs/recruitctl.md.
/// </summary>
public static class AgencyImport
{
    public static readonly string[] Required = ["registration_number", "country", "legal_name", "address"];

    public static readonly string[] Optional = ["contact_email", "contact_phone", "directors"];

    public static CsvImport For(Session session) => new("agencies", Required, async (row, ct) =>
        await session.Licensing.RegisterAgencyAsync(Request(row), session.Call(ct)));

    /// <summary>The row as the RPC takes it; the service validates every field and names the one it refuses.</summary>
    public static RegisterAgencyRequest Request(CsvRow row) => new()
    {
        RegistrationNumber = row["registration_number"],
        Country = row["country"].ToUpperInvariant(),
        LegalName = row["legal_name"],
        Address = row["address"],
        ContactEmail = row["contact_email"],
        ContactPhone = row["contact_phone"],
        Directors = { row.List("directors").Select(name => new Director { FullName = name }) },
    };
}
