using System.Security.Cryptography;
using Npgsql;
using NpgsqlTypes;

namespace RecruitRegistry.Bench.WorkerContracts;

/// <summary>
/// The baseline for RegisterContract: the same six rows a registration writes (the contract, its terms version, the
/// worker view, the decision, the request id and the outbox event, with the template's sizes), inserted by plain Npgsql as one batch in
/// one transaction — two round trips (the batch, then the COMMIT), or one when the COMMIT ends the batch as the
/// platform's unit of work sends it — no gRPC, no validation, no authorization read, no hashing, no JSON. The outbox rows
/// carry the template's ContractChanged, so the relay publishes them as it publishes the service's own events and both
/// phases pay for that. Same connection settings as the platform (Npgsql auto-prepare).
/// </summary>
internal sealed class RawRegistration(string connectionString, ContractLoader loader) : IAsyncDisposable
{
    private readonly NpgsqlDataSource dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = 64, NoResetOnClose = true }.ConnectionString);

    public async Task InsertAsync(Guid agencyId)
    {
        var outbox = loader.TemplateEvent;
        var t = loader.Template;
        var v = loader.TemplateVersion;
        var id = Guid.CreateVersion7();
        var reference = "NP-QA-RAW-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(6));
        var now = DateTimeOffset.UtcNow;
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                Command("""
                    INSERT INTO contracts (id, reference, agency_id, origin_country, destination_country, status, endorsement_state, sector,
                        worker_full_name, worker_sex, worker_date_of_birth, worker_nationality, worker_language, passport_hash, code_hash,
                        signed_on, start_date, terms_version, terms_fingerprint, registered_by, registered_at, version)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, 1, $18, $19, $20, 1)
                    """,
                    id, reference, agencyId, t.OriginCountry, t.DestinationCountry, t.Status,
                    t.EndorsementState, t.Sector, t.WorkerFullName, t.WorkerSex, t.WorkerDateOfBirth, t.WorkerNationality, t.WorkerLanguage,
                    t.PassportHash, t.CodeHash, t.SignedOn, t.StartDate, t.TermsFingerprint, t.RegisteredBy, now),
                Command("""
                    INSERT INTO contract_versions (contract_id, terms_version, contract_version, terms, terms_fingerprint, reason, worker_consent_recorded, recorded_by, recorded_at)
                    VALUES ($1, 1, 1, $2, $3, $4, $5, $6, $7)
                    """,
                    id, v.Terms, v.TermsFingerprint, v.Reason, v.WorkerConsentRecorded, v.RecordedBy, now),
                Command("INSERT INTO worker_views (reference, contract_id, code_hash, agency_id, origin_country, contract_view) VALUES ($1, $2, $3, $4, $5, $6)",
                    reference, id, t.CodeHash, agencyId, t.OriginCountry, loader.TemplateView),
                Command("""
                    INSERT INTO contract_decisions (id, contract_id, kind, status_before, status_after, actor, authority_country, decided_at, reason, legal_basis)
                    VALUES ($1, $2, 'REGISTER', NULL, $3, $4, NULL, $5, 'registered', '')
                    """,
                    Guid.CreateVersion7(), id, t.Status, t.RegisteredBy, now),
                Command("""
                    INSERT INTO registration_requests (agency_id, request_id, request_sha256, contract_id, created_at) VALUES ($1, $2, $3, $4, $5)
                    """,
                    agencyId, Guid.NewGuid().ToString(), Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)), id, now),
                Command("INSERT INTO outbox (message_id, message_type, body, created_at) VALUES ($1, $2, $3, $4)",
                    Guid.NewGuid(), outbox.Type, outbox.Body, now),
            },
        };
        await batch.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
    }

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(value switch
            {
                DateOnly date => new NpgsqlParameter { Value = date, NpgsqlDbType = NpgsqlDbType.Date },
                _ => new NpgsqlParameter { Value = value },
            });
        }

        return command;
    }
}
