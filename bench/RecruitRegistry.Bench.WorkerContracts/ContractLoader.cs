using System.Buffers.Binary;
using Dapper;
using Google.Protobuf;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using RecruitRegistry.WorkerContracts;
using RecruitRegistry.WorkerContracts.Model;

namespace RecruitRegistry.Bench.WorkerContracts;

/// <summary>
/// Fills a WorkerContracts database for the read benchmark. Licensing's replica is written as its consumers would write
/// it (100 NP agencies, each licensed by Nepal for Qatar and accredited by Qatar; the NP→QA corridor open). Contracts
/// are copies of one contract registered through the service (same terms row, so the same shapes and sizes), each with
/// its own id, reference, worker name, passport hash and verification code hash, and a COMPLIANT audit, and its worker
/// view rendered as the service renders it; loaded with COPY.
/// </summary>
internal sealed class ContractLoader
{
    private readonly ContractRow template;
    private readonly ContractVersionRow templateVersion;
    private readonly ContractSecrets secrets;

    private ContractLoader(ContractRow template, ContractVersionRow templateVersion, byte[] templateView, (string Type, string Body) templateEvent, ContractSecrets secrets)
    {
        this.template = template;
        this.templateVersion = templateVersion;
        TemplateView = templateView;
        TemplateEvent = templateEvent;
        this.secrets = secrets;
    }

    public ContractRow Template => template;

    public ContractVersionRow TemplateVersion => templateVersion;

    /// <summary>The worker view the template's registration wrote (protobuf).</summary>
    public byte[] TemplateView { get; }

    /// <summary>The ContractChanged the template's registration put in the outbox (type and JSON body).</summary>
    public (string Type, string Body) TemplateEvent { get; }

    public static async Task<List<Guid>> SeedLicensingReplicaAsync(string connectionString, List<Guid> agencies)
    {
        var ids = agencies.Count > 0 ? agencies : Enumerable.Range(0, 100).Select(_ => Guid.CreateVersion7()).ToList();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.ExecuteAsync("""
            INSERT INTO corridor_replicas (id, origin_country, destination_country, state, destination_accreditation_required, minimum_worker_age, sectors, version)
            VALUES (@Id, 'NP', 'QA', 'OPEN', true, 18, '["CONSTRUCTION","DOMESTIC_WORK"]', 2)
            """, new { Id = Guid.CreateVersion7() });
        await connection.ExecuteAsync(
            "INSERT INTO agency_replicas (id, legal_name, registration_number, country, version) VALUES (@Id, @Name, @Number, 'NP', 1)",
            ids.Select((id, i) => new { Id = id, Name = $"Bench Overseas {i} Pvt. Ltd.", Number = $"DoFE-{i}" }));
        await connection.ExecuteAsync("""
            INSERT INTO licence_replicas (id, agency_id, kind, number, issuing_country, destination_countries, sectors, valid_from, valid_until, state, version)
            VALUES (@Id, @AgencyId, @Kind, @Number, @Issuer, @Destinations, '["CONSTRUCTION","DOMESTIC_WORK"]', @From, @Until, 'ACTIVE', 1)
            """,
            ids.SelectMany((id, i) => new object[]
            {
                new { Id = Guid.CreateVersion7(), AgencyId = id, Kind = "ORIGIN_LICENCE", Number = $"NP-{i}", Issuer = "NP", Destinations = "[\"QA\",\"MY\"]", From = today.AddYears(-1), Until = today.AddYears(2) },
                new { Id = Guid.CreateVersion7(), AgencyId = id, Kind = "DESTINATION_ACCREDITATION", Number = $"QA-{i}", Issuer = "QA", Destinations = "[\"QA\"]", From = today.AddYears(-1), Until = today.AddYears(1) },
            }));
        return ids;
    }

    public static async Task<ContractLoader> CreateAsync(string connectionString, Guid templateId, string secretKey)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        var contract = await connection.QuerySingleAsync<ContractRow>("SELECT * FROM contracts WHERE id = @Id", new { Id = templateId });
        var version = await connection.QuerySingleAsync<ContractVersionRow>("SELECT * FROM contract_versions WHERE contract_id = @Id", new { Id = templateId });
        var view = await connection.QuerySingleAsync<byte[]>("SELECT contract_view FROM worker_views WHERE contract_id = @Id", new { Id = templateId });
        var templateEvent = await connection.QuerySingleAsync<(string, string)>(
            "SELECT message_type, body FROM outbox WHERE body LIKE '%' || @Id || '%' ORDER BY sequence LIMIT 1", new { Id = templateId.ToString() });
        var secrets = new ContractSecrets(Options.Create(new WorkerContractsOptions { SecretKey = secretKey }));
        return new ContractLoader(contract, version, view, templateEvent, secrets);
    }

    /// <summary>Loads <paramref name="count"/> contracts; answers the reference and code of <paramref name="sample"/> of them, spread over all.</summary>
    public async Task<List<(string Reference, string Code)>> LoadAsync(string connectionString, int count, int sample)
    {
        var started = DateTime.UtcNow;
        var every = Math.Max(1, count / sample);
        var credentials = new List<(string, string)>(sample);
        var ids = new Guid[count];
        var registeredAt = DateTimeOffset.UtcNow.AddDays(-400);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var copy = await connection.BeginBinaryImportAsync("""
            COPY contracts (id, reference, agency_id, origin_country, destination_country, status, endorsement_state, sector,
                worker_full_name, worker_sex, worker_date_of_birth, worker_nationality, worker_language, passport_hash, code_hash,
                signed_on, start_date, terms_version, terms_fingerprint, registered_by, registered_at, version) FROM STDIN (FORMAT BINARY)
            """))
        {
            for (var i = 0; i < count; i++)
            {
                var at = registeredAt.AddSeconds(i * 30.0);
                var id = ids[i] = Guid.CreateVersion7(at);
                var reference = Reference(i);
                var code = secrets.VerificationCode(id);
                if (i % every == 0 && credentials.Count < sample)
                {
                    credentials.Add((reference, code));
                }

                var row = Copy(i, id, at);
                await copy.StartRowAsync();
                await copy.WriteAsync(row.Id, NpgsqlDbType.Uuid);
                await copy.WriteAsync(row.Reference);
                await copy.WriteAsync(row.AgencyId, NpgsqlDbType.Uuid);
                await copy.WriteAsync(row.OriginCountry);
                await copy.WriteAsync(row.DestinationCountry);
                await copy.WriteAsync(row.Status);
                await copy.WriteAsync(row.EndorsementState);
                await copy.WriteAsync(row.Sector);
                await copy.WriteAsync(row.WorkerFullName);
                await copy.WriteAsync(row.WorkerSex);
                await copy.WriteAsync(row.WorkerDateOfBirth, NpgsqlDbType.Date);
                await copy.WriteAsync(row.WorkerNationality);
                await copy.WriteAsync(row.WorkerLanguage);
                await copy.WriteAsync(row.PassportHash);
                await copy.WriteAsync(row.CodeHash);
                await copy.WriteAsync(row.SignedOn, NpgsqlDbType.Date);
                await copy.WriteAsync(row.StartDate, NpgsqlDbType.Date);
                await copy.WriteAsync(row.TermsVersion);
                await copy.WriteAsync(row.TermsFingerprint);
                await copy.WriteAsync(row.RegisteredBy);
                await copy.WriteAsync(row.RegisteredAt, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(row.Version);
            }

            await copy.CompleteAsync();
        }

        await using (var copy = await connection.BeginBinaryImportAsync("""
            COPY contract_versions (contract_id, terms_version, contract_version, terms, terms_fingerprint, reason, worker_consent_recorded, recorded_by, recorded_at)
            FROM STDIN (FORMAT BINARY)
            """))
        {
            foreach (var id in ids)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(id, NpgsqlDbType.Uuid);
                await copy.WriteAsync(1);
                await copy.WriteAsync(1L);
                await copy.WriteAsync(templateVersion.Terms);
                await copy.WriteAsync(templateVersion.TermsFingerprint);
                await copy.WriteAsync(templateVersion.Reason);
                await copy.WriteAsync(templateVersion.WorkerConsentRecorded);
                await copy.WriteAsync(templateVersion.RecordedBy);
                await copy.WriteAsync(templateVersion.RecordedAt, NpgsqlDbType.TimestampTz);
            }

            await copy.CompleteAsync();
        }

        await using (var copy = await connection.BeginBinaryImportAsync("""
            COPY contract_audits (contract_id, terms_version, contract_version, audit_version, outcome, findings, audited_at) FROM STDIN (FORMAT BINARY)
            """))
        {
            foreach (var id in ids)
            {
                var audit = Audit(id, registeredAt);
                await copy.StartRowAsync();
                await copy.WriteAsync(audit.ContractId, NpgsqlDbType.Uuid);
                await copy.WriteAsync(audit.TermsVersion);
                await copy.WriteAsync(audit.ContractVersion);
                await copy.WriteAsync(audit.AuditVersion);
                await copy.WriteAsync(audit.Outcome);
                await copy.WriteAsync(audit.Findings);
                await copy.WriteAsync(audit.AuditedAt, NpgsqlDbType.TimestampTz);
            }

            await copy.CompleteAsync();
        }

        // The workers' read model, rendered as the service renders it (the same contract row, terms and audit).
        var terms = Mapping.ReadTerms(templateVersion.Terms);
        await using (var copy = await connection.BeginBinaryImportAsync("""
            COPY worker_views (reference, contract_id, code_hash, agency_id, origin_country, contract_view) FROM STDIN (FORMAT BINARY)
            """))
        {
            for (var i = 0; i < count; i++)
            {
                var row = Copy(i, ids[i], registeredAt.AddSeconds(i * 30.0));
                await copy.StartRowAsync();
                await copy.WriteAsync(row.Reference);
                await copy.WriteAsync(row.Id, NpgsqlDbType.Uuid);
                await copy.WriteAsync(row.CodeHash);
                await copy.WriteAsync(row.AgencyId, NpgsqlDbType.Uuid);
                await copy.WriteAsync(row.OriginCountry);
                await copy.WriteAsync(row.ToView(terms, Audit(row.Id, registeredAt)).ToByteArray(), NpgsqlDbType.Bytea);
            }

            await copy.CompleteAsync();
        }

        foreach (var table in new[] { "contracts", "contract_versions", "contract_audits", "worker_views" })
        {
            await connection.ExecuteAsync($"VACUUM ANALYZE {table}");
        }

        // Write the loaded pages out now rather than in a checkpoint during the measurements.
        await using (var checkpoint = new NpgsqlCommand("CHECKPOINT", connection))
        {
            await checkpoint.ExecuteNonQueryAsync();
        }

        Console.Error.WriteLine($"loaded {count:N0} contracts in {(DateTime.UtcNow - started).TotalSeconds:F0} s");
        return credentials;
    }

    /// <summary>Loaded contract number <paramref name="i"/>: the template with its own id, reference, worker and secrets.</summary>
    private ContractRow Copy(int i, Guid id, DateTimeOffset registeredAt) => template with
    {
        Id = id,
        Reference = Reference(i),
        WorkerFullName = $"Bench Worker {i}",
        WorkerSex = i % 2 == 0 ? "F" : "M",
        PassportHash = secrets.PassportHash($"PB{i:D7}"),
        CodeHash = secrets.CodeHash(id, secrets.VerificationCode(id)),
        TermsVersion = 1,
        Version = 1,
        RegisteredAt = registeredAt,
    };

    /// <summary>The COMPLIANT audit every loaded contract has.</summary>
    private static AuditRow Audit(Guid id, DateTimeOffset auditedAt) => new()
    {
        ContractId = id,
        TermsVersion = 1,
        ContractVersion = 1,
        AuditVersion = 1,
        Outcome = "COMPLIANT",
        Findings = "[]",
        AuditedAt = auditedAt,
    };

    /// <summary>"NP-QA-25-" and the loaded contract's number in six base-32 characters: distinct from one another and,
    /// by the year, from every reference the service itself hands out this year.</summary>
    private static string Reference(int i)
    {
        Span<byte> bits = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bits, (uint)i << 2);
        return $"NP-QA-{DateTime.UtcNow.Year % 100 - 1:D2}-{Base32.FromBits(bits, ContractReferences.RandomCharacters)}";
    }
}
