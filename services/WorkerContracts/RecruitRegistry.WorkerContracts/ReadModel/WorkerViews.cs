using Google.Protobuf;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RecruitRegistry.Contracts.WorkerContracts.V1;
using RecruitRegistry.Platform.Data;
using RecruitRegistry.WorkerContracts.Model;

namespace RecruitRegistry.WorkerContracts.ReadModel;

/// <summary>
/// The workers' read model (table worker_views, migrations 0004 and 0005): per contract, the <see cref="ContractView"/> a
/// verification answers with, stored as protobuf, beside the agency and origin country the verification checks. Every transaction that changes what it shows writes it again, in
/// that transaction: registration, amendment, endorsement, rejection and termination (<see cref="WriteAsync"/>, from the
/// rows they already hold) and an audit of the current terms (<see cref="ShowAuditAsync"/>, into the stored view). The
/// agency's licence state is not part of it: it changes with Licensing's events and is added when the view is read.
/// </summary>
internal static class WorkerViews
{
    /// <summary>Writes the contract's view, as <paramref name="view"/> shows it, in <paramref name="work"/>.</summary>
    public static Task<int> WriteAsync(UnitOfWork work, ContractRow contract, ContractView view) =>
        work.ExecuteAsync(WorkerViewSql.Upsert, Row(contract, view));

    /// <summary>The worker_views row of <paramref name="contract"/> showing <paramref name="view"/>.</summary>
    public static StoredWorkerView Row(ContractRow contract, ContractView view) => new()
    {
        Reference = contract.Reference,
        ContractId = contract.Id,
        CodeHash = contract.CodeHash,
        AgencyId = contract.AgencyId,
        OriginCountry = contract.OriginCountry,
        ContractView = view.ToByteArray(),
    };

    /// <summary>
    /// Shows a new audit in the contract's view, if it audited the terms in force (an audit of earlier terms is kept
    /// with them but is not what the worker is shown). The contract's row is locked first, in the same round trip as
    /// the view is read: a command changing the contract at this moment either commits before (and the view read after
    /// the lock includes its change) or waits for this transaction.
    /// </summary>
    public static async Task ShowAuditAsync(UnitOfWork work, AuditRow audit)
    {
        int? termsInForce;
        StoredWorkerView? stored;
        using (var results = await work.QueryMultipleAsync(WorkerViewSql.LockAndRead(work.Dialect), new { Id = audit.ContractId }))
        {
            termsInForce = await results.ReadSingleOrDefaultAsync<int?>();
            stored = await results.ReadSingleOrDefaultAsync<StoredWorkerView>();
        }

        if (termsInForce != audit.TermsVersion) // no such contract (null), or the audit is of earlier terms
        {
            return;
        }

        if (stored is null)
        {
            // Not written yet (the start that writes missing views has not run since this contract appeared): the tables.
            foreach (var (row, rendered) in await RenderAsync(work, WorkerViewSql.RenderOne, new { Id = audit.ContractId }))
            {
                await WriteAsync(work, row, rendered);
            }

            return;
        }

        var view = ContractView.Parser.ParseFrom(stored.ContractView);
        view.ApplyAudit(audit);
        await work.ExecuteAsync(WorkerViewSql.Upsert, stored with { ContractView = view.ToByteArray() });
    }

    /// <summary>Contracts with their current terms and the audit of those terms, as views.</summary>
    public static async Task<IReadOnlyList<(ContractRow Contract, ContractView View)>> RenderAsync(UnitOfWork work, string sql, object parameters)
    {
        var rows = await work.QueryAsync<ContractRow, ContractVersionRow, AuditRow?, (ContractRow, ContractView)>(
            sql,
            (contract, version, audit) => (contract, contract.ToView(Mapping.ReadTerms(version.Terms), audit)),
            splitOn: "contract_id,contract_id",
            parameters);
        return rows.ToList();
    }
}

/// <summary>A row of worker_views: what a verification reads.</summary>
internal sealed record StoredWorkerView
{
    public string Reference { get; init; } = "";
    public Guid ContractId { get; init; }
    public string CodeHash { get; init; } = "";
    public Guid AgencyId { get; init; }
    public string OriginCountry { get; init; } = "";
    public byte[] ContractView { get; init; } = [];
}

/// <summary>
/// Gives every contract without a view its view, once the migrations ran and before the service answers: contracts
/// registered before the read model existed (migration 0004). Nothing to do on a database that had it from the start.
/// Batches in id order, each its own transaction; a contract a command changes meanwhile gets its view from that
/// command (which writes last, or finds this one's row and replaces it).
/// </summary>
internal sealed partial class WorkerViewBackfill(WorkerContractsDatabase database, ILogger<WorkerViewBackfill> logger) : IHostedLifecycleService
{
    private const int BatchSize = 500;

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        var written = await BackfillAsync(database, cancellationToken);
        if (written > 0)
        {
            Backfilled(logger, written);
        }
    }

    public static async Task<int> BackfillAsync(WorkerContractsDatabase database, CancellationToken cancellationToken)
    {
        var written = 0;
        var after = Guid.Empty;
        while (true)
        {
            await using var work = await database.BeginAsync(cancellationToken);
            var batch = await WorkerViews.RenderAsync(work, WorkerViewSql.RenderMissing, new { After = after, Batch = BatchSize });
            if (batch.Count == 0)
            {
                return written;
            }

            foreach (var (contract, view) in batch)
            {
                await work.ExecuteAsync(WorkerViewSql.InsertMissing, WorkerViews.Row(contract, view));
            }

            await work.CommitAsync();
            written += batch.Count;
            after = batch[^1].Contract.Id;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Wrote the worker view of {Count} contracts registered before the read model existed")]
    private static partial void Backfilled(ILogger logger, int count);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Statements of the workers' read model.</summary>
internal static class WorkerViewSql
{
    public const string Upsert = """
        INSERT INTO worker_views (reference, contract_id, code_hash, agency_id, origin_country, contract_view)
        VALUES (@Reference, @ContractId, @CodeHash, @AgencyId, @OriginCountry, @ContractView)
        ON CONFLICT (reference) DO UPDATE SET contract_view = excluded.contract_view
        """;

    public const string InsertMissing = """
        INSERT INTO worker_views (reference, contract_id, code_hash, agency_id, origin_country, contract_view)
        VALUES (@Reference, @ContractId, @CodeHash, @AgencyId, @OriginCountry, @ContractView)
        ON CONFLICT (reference) DO NOTHING
        """;

    /// <summary>The views of <c>@References</c>: all the verifications of one shared read need.</summary>
    public static string ByReferences(SqlDialect dialect) =>
        $"SELECT reference, contract_id, code_hash, agency_id, origin_country, contract_view FROM worker_views WHERE reference {dialect.InList("@References")}";

    /// <summary>Locks the contract <c>@Id</c> (answering its terms version in force), then reads its view: two statements, in that order.</summary>
    public static string LockAndRead(SqlDialect dialect) => $"""
        SELECT terms_version FROM contracts WHERE id = @Id {dialect.RowLockSuffix};
        SELECT w.reference, w.contract_id, w.code_hash, w.agency_id, w.origin_country, w.contract_view FROM worker_views w JOIN contracts c ON c.reference = w.reference WHERE c.id = @Id
        """;

    private const string Render = """
        SELECT c.*, v.*, a.*
        FROM contracts c
        JOIN contract_versions v ON v.contract_id = c.id AND v.terms_version = c.terms_version
        LEFT JOIN contract_audits a ON a.contract_id = c.id AND a.terms_version = c.terms_version
        """;

    public const string RenderOne = Render + "\nWHERE c.id = @Id";

    /// <summary>The next <c>@Batch</c> contracts after <c>@After</c> (id order) that have no view.</summary>
    public const string RenderMissing = Render + """

        WHERE c.id > @After AND NOT EXISTS (SELECT 1 FROM worker_views w WHERE w.reference = c.reference)
        ORDER BY c.id
        LIMIT @Batch
        """;
}
