using RecruitRegistry.Rules.Licensing;
using Dapper;
using Microsoft.Extensions.Options;
using Google.Protobuf.WellKnownTypes;
using RecruitRegistry.Contracts.Licensing.V1;
using RecruitRegistry.Contracts.WorkerContracts.V1;
using RecruitRegistry.IntegrationEvents.WorkerContracts;
using RecruitRegistry.Platform.Data;
using RecruitRegistry.Platform.Errors;
using RecruitRegistry.Platform.Validation;
using RecruitRegistry.WorkerContracts.Model;
using RecruitRegistry.WorkerContracts.ReadModel;
using RecruitRegistry.WorkerContracts.Registration;
using RecruitRegistry.WorkerContracts.Replicas;

namespace RecruitRegistry.WorkerContracts.Verification;

/// <summary>
/// What a worker can do with a reference and a verification code, without an account: read the registered contract with
/// the agency's licence status and the fee audit, prove that the contract handed over abroad differs, report the fees
/// actually paid and follow the fee cases about the contract. All of it also after the contract ended: workers seek
/// redress after they return home. A wrong code answers exactly as an unknown reference; failures are limited per client,
/// never per reference, so a correct code is always answered to a client that has not itself used up its failures.
/// </summary>
internal sealed class WorkerVerification
{
    /// <summary>The one answer for an unknown reference and for a wrong code alike.</summary>
    private static readonly NotFound NoMatch = new("contract", "with this reference and verification code");

    // Compared against when the reference is unknown, so that both failures cost the same work.
    private static readonly string UnknownHash = new('0', 64);

    /// <summary>The longest account of a fee payment a worker may give.</summary>
    public const int MaxAccountLength = 4000;

    private readonly WorkerContractsDatabase database;
    private readonly ContractSecrets secrets;
    private readonly VerificationLimiter limiter;
    private readonly AgencyCache agencies;
    private readonly BatchingLookup<string, StoredWorkerView> views;
    private readonly string viewsByReferences;

    public WorkerVerification(WorkerContractsDatabase database, ContractSecrets secrets, VerificationLimiter limiter, AgencyCache agencies, IOptions<WorkerContractsOptions> options)
    {
        this.database = database;
        this.secrets = secrets;
        this.limiter = limiter;
        this.agencies = agencies;
        viewsByReferences = WorkerViewSql.ByReferences(database.Dialect);
        var reads = options.Value.Verification;
        views = new BatchingLookup<string, StoredWorkerView>(ReadViewsAsync, reads.ConcurrentReads, reads.ReferencesPerRead);
    }

    /// <summary>
    /// The contract behind a reference and code, from the workers' read model, with the agency's licence today. The
    /// verifications that arrive together share one read (<see cref="BatchingLookup{TKey,TValue}"/>).
    /// </summary>
    public async Task<VerifyContractReply> VerifyAsync(VerifyContractRequest request, string client, CancellationToken ct)
    {
        var (reference, code) = ReadCredentials(new RequestValidator(), request.Reference, request.VerificationCode, throwIfInvalid: true);
        limiter.ThrowIfBlocked(client);
        var stored = await views.GetAsync(reference, ct);
        Authenticate(stored?.ContractId, stored?.CodeHash, code, client);
        var (agency, licences) = await agencies.GetAsync(stored!.AgencyId, ct);
        var today = DateOnly.FromDateTime(database.Clock.GetUtcNow().UtcDateTime);
        var licence = licences
            .Where(l => l.Kind == AuthorizationRules.OriginLicence && l.IssuingCountry == stored.OriginCountry)
            .OrderBy(l => l.StateOn(today) == AuthorizationRules.Active ? 0 : 1)
            .ThenByDescending(l => l.ValidUntil)
            .FirstOrDefault();
        return new VerifyContractReply
        {
            Contract = ContractView.Parser.ParseFrom(stored.ContractView),
            AgencyName = agency?.LegalName ?? "",
            AgencyLicenceNumber = licence?.Number ?? "",
            AgencyLicenceState = licence is null ? LicenceState.Unspecified : ProtoEnums.Parse<LicenceState>(licence.StateOn(today), "LICENCE_STATE_"),
        };
    }

    public async Task<CompareTermsReply> CompareAsync(CompareTermsRequest request, string client, CancellationToken ct)
    {
        var v = new RequestValidator();
        var (reference, code) = ReadCredentials(v, request.Reference, request.VerificationCode, throwIfInvalid: false);
        var today = DateOnly.FromDateTime(database.Clock.GetUtcNow().UtcDateTime);
        var offered = TermsReader.ReadTerms(v, "offered_terms.", request.OfferedTerms, "offered_fees", request.OfferedFees, destination: null, today);
        v.ThrowIfInvalid();

        await using var work = await database.BeginAsync(ct);
        var contract = await AuthenticateAsync(work, reference, code, client);
        var version = await work.QuerySingleOrDefaultAsync<ContractVersionRow>(ContractSql.Version, new { ContractId = contract.Id, contract.TermsVersion });
        var registered = Mapping.ReadTerms(version!.Terms);
        var differences = TermsComparison.Differences(registered, offered, compareFees: request.OfferedFees.Count > 0);
        var reply = new CompareTermsReply { Substituted = differences.Count > 0 };
        reply.Differences.AddRange(differences.Select(d => new Contracts.WorkerContracts.V1.TermDifference { Field = d.Field, Registered = d.Registered, Offered = d.Offered }));
        if (differences.Count == 0)
        {
            return reply;
        }

        // The same offered terms reported again name the same report (and publish nothing new).
        var report = new
        {
            Id = Guid.CreateVersion7(work.Now),
            ContractId = contract.Id,
            contract.TermsVersion,
            OfferedFingerprint = TermsFingerprint.Of(offered),
            Differences = System.Text.Json.JsonSerializer.Serialize(differences),
            ReportedAt = work.Now,
        };
        if (await work.ExecuteAsync(VerificationSql.InsertReport, report) == 1)
        {
            work.Publish(new SubstitutionReported
            {
                ReportId = report.Id,
                ContractId = contract.Id,
                AgencyId = contract.AgencyId,
                OriginCountry = contract.OriginCountry,
                DestinationCountry = contract.DestinationCountry,
                Sector = contract.Sector,
                WorkerSex = contract.WorkerSex,
                Differences = differences,
                OccurredAt = work.Now,
            });
            await work.CommitAsync();
            reply.SubstitutionReportId = report.Id.ToString();
        }
        else
        {
            reply.SubstitutionReportId = (await work.ExecuteScalarAsync<Guid>(VerificationSql.ReportId, new { ContractId = contract.Id, report.OfferedFingerprint })).ToString();
        }

        return reply;
    }

    /// <summary>
    /// Records the fees the worker actually paid and publishes <see cref="FeesPaidReported"/> (FeeAudits audits them
    /// and opens a case). The same fees and account sent again name the first report and publish nothing.
    /// </summary>
    public async Task<ReportFeesPaidReply> ReportFeesAsync(ReportFeesPaidRequest request, string client, CancellationToken ct)
    {
        var v = new RequestValidator();
        var (reference, code) = ReadCredentials(v, request.Reference, request.VerificationCode, throwIfInvalid: false);
        if (request.FeesPaid.Count == 0)
        {
            v.Fail("fees_paid", "name at least one fee actually paid");
        }

        var fees = TermsReader.ReadFees(v, "fees_paid", request.FeesPaid, positive: true);
        var account = v.Required("account", request.Account, MaxAccountLength);
        v.ThrowIfInvalid();

        await using var work = await database.BeginAsync(ct);
        var contract = await AuthenticateAsync(work, reference, code, client);
        var now = work.NowAsStored; // a retry answers the same time
        var report = new
        {
            Id = Guid.CreateVersion7(now),
            ContractId = contract.Id,
            ReportSha256 = FeeReportHash(fees, account),
            Fees = System.Text.Json.JsonSerializer.Serialize(fees),
            Account = account,
            ReportedAt = now,
        };
        if (await work.ExecuteAsync(VerificationSql.InsertFeeReport, report) == 0)
        {
            var first = (await work.QuerySingleOrDefaultAsync<FeeReportRow>(VerificationSql.FeeReport, new { report.ContractId, report.ReportSha256 }))!;
            return new ReportFeesPaidReply { ReportId = first.Id.ToString(), ReportedAt = Timestamp.FromDateTimeOffset(first.ReportedAt) };
        }

        work.Publish(new FeesPaidReported
        {
            ReportId = report.Id,
            ContractId = contract.Id,
            AgencyId = contract.AgencyId,
            OriginCountry = contract.OriginCountry,
            DestinationCountry = contract.DestinationCountry,
            Sector = contract.Sector,
            WorkerSex = contract.WorkerSex,
            FeesPaid = fees.Select(Mapping.ToEvent).ToList(),
            Account = account,
            OccurredAt = now,
        });
        await work.CommitAsync();
        return new ReportFeesPaidReply { ReportId = report.Id.ToString(), ReportedAt = Timestamp.FromDateTimeOffset(report.ReportedAt) };
    }

    /// <summary>The fee cases about the contract, oldest first, as FeeAudits last published them.</summary>
    public async Task<ListWorkerCasesReply> ListCasesAsync(ListWorkerCasesRequest request, string client, CancellationToken ct)
    {
        var (reference, code) = ReadCredentials(new RequestValidator(), request.Reference, request.VerificationCode, throwIfInvalid: true);
        await using var work = await database.BeginAsync(ct);
        var contract = await AuthenticateAsync(work, reference, code, client);
        var cases = await work.QueryAsync<CaseReplicaRow>(VerificationSql.CasesOfContract, new { ContractId = contract.Id });
        var reply = new ListWorkerCasesReply();
        reply.Cases.AddRange(cases.Select(c => c.ToWorkerCase()));
        return reply;
    }

    /// <summary>SHA-256 over the report's canonical form: fees in a fixed order (category, amount, payee), then the account.</summary>
    private static string FeeReportHash(IEnumerable<FeeTerm> fees, string account)
    {
        var lines = fees
            .Select(f => $"{f.Category}|{TermsFingerprint.Money(f.Amount)}|{f.Payee}")
            .Order(StringComparer.Ordinal)
            .Append(account);
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Join('\n', lines))));
    }

    /// <summary>The reference and the code in canonical form; a malformed one is INVALID_ARGUMENT (that reveals nothing).</summary>
    public static (string Reference, string Code) ReadCredentials(RequestValidator v, string reference, string code, bool throwIfInvalid)
    {
        var normalizedReference = ContractReferences.Normalize(reference ?? "");
        if (string.IsNullOrEmpty(reference))
        {
            v.Fail("reference", "is required");
        }
        else if (normalizedReference is null)
        {
            v.Fail("reference", "is not a contract reference (like NP-QA-26-7K3M9Q)");
        }

        var normalizedCode = Base32.Normalize(code ?? "");
        if (string.IsNullOrEmpty(code))
        {
            v.Fail("verification_code", "is required");
        }
        else if (normalizedCode is not { Length: ContractSecrets.CodeCharacters + 1 } || !Base32.HasValidCheck(normalizedCode))
        {
            v.Fail("verification_code", "is not a verification code as printed on the contract (12 characters; one may be mistyped)");
        }

        if (throwIfInvalid)
        {
            v.ThrowIfInvalid();
        }

        return (normalizedReference ?? "", normalizedCode ?? "");
    }

    /// <summary>The stored views of these references: one statement, one snapshot.</summary>
    private async Task<IReadOnlyDictionary<string, StoredWorkerView>> ReadViewsAsync(string[] references, CancellationToken ct)
    {
        await using var connection = await database.OpenListReadConnectionAsync(ct);
        var rows = await connection.QueryAsync<StoredWorkerView>(new CommandDefinition(viewsByReferences, new { References = references }, cancellationToken: ct));
        return rows.ToDictionary(v => v.Reference, StringComparer.Ordinal);
    }

    /// <summary>The contract behind a reference and code; an unknown reference and a wrong code fail alike (<see cref="NoMatch"/>).</summary>
    public async Task<ContractRow> AuthenticateAsync(UnitOfWork work, string reference, string code, string client)
    {
        limiter.ThrowIfBlocked(client);
        var contract = await work.QuerySingleOrDefaultAsync<ContractRow>(VerificationSql.ByReference, new { Reference = reference });
        Authenticate(contract?.Id, contract?.CodeHash, code, client);
        return contract!;
    }

    /// <summary>An unknown reference (no contract id) and a wrong code fail alike, after the same work, and count against the client.</summary>
    private void Authenticate(Guid? contractId, string? codeHash, string code, string client)
    {
        var matches = secrets.CodeMatches(contractId ?? Guid.Empty, code, codeHash ?? UnknownHash);
        if (contractId is null || !matches)
        {
            limiter.RecordFailure(client);
            throw NoMatch;
        }
    }
}

/// <summary>Verification statements.</summary>
internal static class VerificationSql
{
    public const string ByReference = "SELECT * FROM contracts WHERE reference = @Reference";

    public const string InsertReport = """
        INSERT INTO substitution_reports (id, contract_id, terms_version, offered_fingerprint, differences, reported_at)
        VALUES (@Id, @ContractId, @TermsVersion, @OfferedFingerprint, @Differences, @ReportedAt)
        ON CONFLICT (contract_id, offered_fingerprint) DO NOTHING
        """;

    public const string ReportId = "SELECT id FROM substitution_reports WHERE contract_id = @ContractId AND offered_fingerprint = @OfferedFingerprint";

    public const string InsertFeeReport = """
        INSERT INTO fee_reports (id, contract_id, report_sha256, fees, account, reported_at)
        VALUES (@Id, @ContractId, @ReportSha256, @Fees, @Account, @ReportedAt)
        ON CONFLICT (contract_id, report_sha256) DO NOTHING
        """;

    public const string FeeReport = "SELECT id, reported_at FROM fee_reports WHERE contract_id = @ContractId AND report_sha256 = @ReportSha256";

    public const string CasesOfContract = "SELECT * FROM case_replicas WHERE contract_id = @ContractId ORDER BY opened_at, id";
}
