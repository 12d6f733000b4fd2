using System.Text.Json;
using MassTransit;
using RecruitRegistry.FeeAudits.Audits;
using RecruitRegistry.IntegrationEvents.Licensing;
using RecruitRegistry.IntegrationEvents.WorkerContracts;
using RecruitRegistry.Platform.Data;
using RecruitRegistry.Platform.Messaging;

namespace RecruitRegistry.FeeAudits.Replicas;

/// <summary>Keeps the corridor replica: versioned upsert in the inbox transaction.</summary>
internal sealed class CorridorChangedConsumer(FeeAuditsDatabase database)
    : InboxConsumer<CorridorChanged, FeeAuditsDatabase>(database)
{
    protected override string ConsumerName => "feeaudits.corridor-changed";

    protected override Task ApplyAsync(ConsumeContext<CorridorChanged> context, UnitOfWork work)
    {
        var c = context.Message.Corridor;
        return work.ExecuteAsync(ReplicaSql.UpsertCorridor, new
        {
            Id = c.CorridorId, c.OriginCountry, c.DestinationCountry, c.State, Sectors = JsonSerializer.Serialize(c.Sectors), context.Message.Version,
        });
    }
}

/// <summary>Keeps the agency replica (reports name the agencies).</summary>
internal sealed class AgencyChangedConsumer(FeeAuditsDatabase database)
    : InboxConsumer<AgencyChanged, FeeAuditsDatabase>(database)
{
    protected override string ConsumerName => "feeaudits.agency-changed";

    protected override Task ApplyAsync(ConsumeContext<AgencyChanged> context, UnitOfWork work)
    {
        var a = context.Message.Agency;
        return work.ExecuteAsync(ReplicaSql.UpsertAgency, new { Id = a.AgencyId, a.LegalName, a.RegistrationNumber, a.Country, context.Message.Version });
    }
}

/// <summary>
/// Keeps the contract replica and audits every new version of the terms, in the inbox transaction: the replica row,
/// the audit, its ContractAudited event and any case it opens commit together or not at all. The audit does not depend
/// on the replica being current: a late event still gets its terms version audited, once.
/// </summary>
internal sealed class ContractChangedConsumer(FeeAuditsDatabase database, ContractAuditor auditor)
    : InboxBatchConsumer<ContractChanged, FeeAuditsDatabase>(database)
{
    protected override string ConsumerName => "feeaudits.contract-changed";

    protected override Task ApplyAsync(ConsumeContext<ContractChanged> context, UnitOfWork work) => ApplyAsync([context], work);

    /// <summary>The batch's replica rows, then its audits, each written set by set.</summary>
    protected override async Task ApplyAsync(IReadOnlyList<ConsumeContext<ContractChanged>> messages, UnitOfWork work)
    {
        // The newest version of each contract in the batch is the one an upsert of them all in turn would leave.
        var replicas = messages.Select(m => m.Message).GroupBy(e => e.Contract.ContractId).Select(g => g.MaxBy(e => e.Version)!)
            .Select(e => new
            {
                Id = e.Contract.ContractId, e.Contract.Reference, e.Contract.AgencyId, e.Contract.OriginCountry, e.Contract.DestinationCountry,
                e.Contract.Sector, e.Contract.WorkerSex, e.Contract.Status, e.Contract.SignedOn, e.Contract.StartDate,
                WageCurrency = e.Contract.MonthlyBasicWage.CurrencyCode, WageAmount = e.Contract.MonthlyBasicWage.Amount, e.Contract.DurationMonths,
                Fees = JsonSerializer.Serialize(e.Contract.Fees), e.Contract.TermsFingerprint, e.Contract.TermsVersion, e.Contract.RegisteredAt,
                e.Contract.WorkerAgeAtSigning, e.Contract.Isco08Code, e.Contract.WorkerDisability, e.Contract.OrientedOn, e.Version,
            })
            .ToList();
        await work.ExecuteForRowsAsync(ReplicaSql.UpsertContracts, replicas);
        await auditor.AuditNewTermsAsync(work, messages.Select(m => (m.Message.Contract, m.Message.Version)).ToList());
    }
}

/// <summary>Replica statements: each applies an event only when it is newer than the row.</summary>
internal static class ReplicaSql
{
    public static readonly string UpsertCorridor = ReplicaUpsert.Sql(
        "corridor_replicas", "origin_country", "destination_country", "state", "sectors");

    public static readonly string UpsertAgency = ReplicaUpsert.Sql("agency_replicas", "legal_name", "registration_number", "country");

    // A new row's audit columns stay NULL until its audit is mirrored on it.
    public static readonly RowsStatement UpsertContracts = ReplicaUpsert.Rows(
        "contract_replicas", "reference", "agency_id", "origin_country", "destination_country", "sector", "worker_sex", "status", "signed_on",
        "start_date", "wage_currency", "wage_amount", "duration_months", "fees", "terms_fingerprint", "terms_version", "registered_at",
        "worker_age_at_signing", "isco08_code", "worker_disability", "oriented_on");

    public const string Contract = "SELECT * FROM contract_replicas WHERE id = @Id";
}
