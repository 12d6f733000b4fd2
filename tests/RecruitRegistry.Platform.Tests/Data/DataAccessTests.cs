using Dapper;
using Microsoft.Extensions.Options;
using RecruitRegistry.Platform.Data;
using RecruitRegistry.Platform.Messaging;
using RecruitRegistry.Platform.Tests.Infrastructure;
using RecruitRegistry.Testing;
using RecruitRegistry.Platform.TestHost.Probes;

namespace RecruitRegistry.Platform.Tests.Data;

/// <summary>The same rows, handlers and migrations on both engines: real PostgreSQL and a real SQLite file.</summary>
[Collection(ServersCollection.Name)]
public sealed class DataAccessTests(Servers servers) : IDisposable
{
    private const string InsertSample = "INSERT INTO sample (id, at, day, amount, flag) VALUES (@Id, @At, @Day, @Amount, @Flag)";
    private const string SelectSample = "SELECT id AS Id, at AS At, day AS Day, amount AS Amount, flag AS Flag, note AS Note FROM sample";

    private readonly string directory = Directory.CreateTempSubdirectory("recruit-data-").FullName;

    public static TheoryData<DatabaseProvider> Engines => [DatabaseProvider.Postgres, DatabaseProvider.Sqlite];

    private async Task<ProbeSourceDatabase> DatabaseAsync(DatabaseProvider provider)
    {
        var connectionString = provider == DatabaseProvider.Postgres
            ? await servers.Postgres.CreateDatabaseAsync("data")
            : $"Data Source={Path.Combine(directory, Guid.NewGuid() + ".db")}";
        var options = new ProbeOptions { Source = new DatabaseOptions { Provider = provider, ConnectionString = connectionString } };
        return new ProbeSourceDatabase(Options.Create(options), new OutboxMessageTypes().Add(typeof(ProbeChanged).Assembly), TimeProvider.System);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Migrations_apply_once_and_a_second_run_applies_nothing(DatabaseProvider provider)
    {
        await using var database = await DatabaseAsync(provider);
        var first = await Migrator.MigrateAsync(database, CancellationToken.None);
        var second = await Migrator.MigrateAsync(database, CancellationToken.None);

        Assert.Equal(3, first.Count); // the platform's two, the probe's one
        Assert.StartsWith("RecruitRegistry.Platform.Data.Migrations.", first[0], StringComparison.Ordinal); // platform tables first
        Assert.Empty(second);
    }

    [Fact]
    public async Task Pooled_connections_are_handed_on_without_a_reset_so_session_state_lives_on_connections_of_its_own()
    {
        await using var database = await DatabaseAsync(DatabaseProvider.Postgres);
        await Migrator.MigrateAsync(database, CancellationToken.None);

        // The migration lock was taken on a session of its own and ended with it.
        int pooledPid;
        await using (var pooled = await database.OpenConnectionAsync(CancellationToken.None))
        {
            Assert.Equal(0, await pooled.ExecuteScalarAsync<long>("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"));
            pooledPid = await pooled.ExecuteScalarAsync<int>("SELECT pg_backend_pid()");
            await pooled.ExecuteAsync("SET statement_timeout = '4321ms'");
        }

        // The pool hands the same session on as it was left (no DISCARD/RESET round before the next statement) …
        await using (var again = await database.OpenConnectionAsync(CancellationToken.None))
        {
            Assert.Equal(pooledPid, await again.ExecuteScalarAsync<int>("SELECT pg_backend_pid()"));
            Assert.Equal("4321ms", await again.ExecuteScalarAsync<string>("SHOW statement_timeout"));
            await again.ExecuteAsync("RESET statement_timeout");
        }

        // … so what needs session state opens a session outside the pool, which ends when it is closed.
        int sessionPid;
        await using (var session = await database.OpenSessionAsync(CancellationToken.None))
        {
            sessionPid = await session.ExecuteScalarAsync<int>("SELECT pg_backend_pid()");
            Assert.NotEqual(pooledPid, sessionPid);
            await session.ExecuteAsync("LISTEN outbox_probe_test");
        }

        await using var check = await database.OpenConnectionAsync(CancellationToken.None);
        await Eventually.Until(
            () => check.ExecuteScalarAsync<long>("SELECT count(*) FROM pg_stat_activity WHERE pid = @Pid", new { Pid = sessionPid }),
            count => count == 0, TimeSpan.FromSeconds(10), "the session's backend to end");
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Reads_by_a_list_of_keys_find_exactly_the_listed_rows_however_long_the_list(DatabaseProvider provider)
    {
        await using var database = await SampleDatabaseAsync(provider);
        var ids = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid()).ToArray();
        await using (var work = await database.BeginAsync(CancellationToken.None))
        {
            foreach (var id in ids)
            {
                await work.ExecuteAsync(InsertSample, new { Id = id, At = DateTimeOffset.UnixEpoch, Day = new DateOnly(2026, 1, 1), Amount = 1m, Flag = true });
            }

            await work.CommitAsync();
        }

        var sql = $"SELECT id FROM sample WHERE id {database.Dialect.InList("@Ids")}";
        await using var connection = await database.OpenListReadConnectionAsync(CancellationToken.None);
        // Lists of every length in turn, more than the five runs after which PostgreSQL settles on a plan.
        for (var length = 1; length <= 8; length++)
        {
            var listed = ids.Take(length).Append(Guid.NewGuid()).ToArray(); // one id no row has
            var found = await connection.QueryAsync<Guid>(sql, new { Ids = database.Dialect.Ids(listed) });
            Assert.Equal(ids.Take(length).Order(), found.Order());
        }
    }

    [Fact]
    public async Task List_reads_are_planned_once_for_all_values_and_other_statements_for_the_values_at_hand()
    {
        await using var database = await DatabaseAsync(DatabaseProvider.Postgres);
        await using (var list = await database.OpenListReadConnectionAsync(CancellationToken.None))
        {
            Assert.Equal("force_generic_plan", await list.ExecuteScalarAsync<string>("SHOW plan_cache_mode"));
        }

        await using var pooled = await database.OpenConnectionAsync(CancellationToken.None);
        Assert.Equal("auto", await pooled.ExecuteScalarAsync<string>("SHOW plan_cache_mode"));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task After_commit_actions_run_once_the_commit_is_done_and_never_for_a_rollback(DatabaseProvider provider)
    {
        await using var database = await DatabaseAsync(provider);
        await Migrator.MigrateAsync(database, CancellationToken.None);
        var ran = new List<string>();

        await using (var rolledBack = await database.BeginAsync(CancellationToken.None))
        {
            rolledBack.OnCommitted(() => ran.Add("rolled back"));
        }

        await using (var work = await database.BeginAsync(CancellationToken.None))
        {
            work.Publish(new ProbeChanged { ProbeId = Guid.NewGuid(), Version = 1, Value = "after-commit" });
            work.OnCommitted(() => ran.Add("committed"));
            Assert.Empty(ran); // not before the commit

            await work.CommitAsync();
        }

        Assert.Equal(["committed"], ran);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Guids_instants_dates_and_exact_money_round_trip(DatabaseProvider provider)
    {
        await using var database = await SampleDatabaseAsync(provider);

        var written = new SampleRow
        {
            Id = Guid.NewGuid(),
            At = new DateTimeOffset(2026, 3, 1, 14, 30, 15, 123, TimeSpan.FromHours(5.75)), // Nepal's offset: stored as UTC
            Day = new DateOnly(2026, 2, 28),
            Amount = 10000.50m, // the scale is kept: NPR 10,000.50, not 10000.5
            Flag = true,
        };
        await using (var work = await database.BeginAsync(CancellationToken.None))
        {
            await work.ExecuteAsync(InsertSample, written);
            await work.CommitAsync();
        }

        await using var read = await database.BeginAsync(CancellationToken.None);
        var row = await read.QuerySingleOrDefaultAsync<SampleRow>(
            SelectSample + " WHERE id = @Id", new { written.Id });

        Assert.NotNull(row);
        Assert.Equal(written.Id, row.Id);
        Assert.Equal(written.At.UtcDateTime, row.At.UtcDateTime);
        Assert.Equal(TimeSpan.Zero, row.At.Offset);
        Assert.Equal(written.Day, row.Day);
        Assert.Equal("10000.50", row.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(row.Flag);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_unit_of_work_that_is_not_committed_leaves_nothing_behind(DatabaseProvider provider)
    {
        await using var database = await DatabaseAsync(provider);
        await Migrator.MigrateAsync(database, CancellationToken.None);
        var writer = new ProbeWriter(database);

        await writer.SetAsync(Guid.NewGuid(), "abandoned", rollback: true);
        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var work = await database.BeginAsync(CancellationToken.None);
            work.Publish(new ProbeChanged { ProbeId = Guid.NewGuid(), Version = 1, Value = "x" });
            await work.ExecuteAsync("INSERT INTO no_such_table VALUES (1)");
            await work.CommitAsync();
        });

        await using var connection = await database.OpenConnectionAsync(CancellationToken.None);
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM outbox"));
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM probe"));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Writes_apply_in_order_with_their_own_values(DatabaseProvider provider)
    {
        await using var database = await SampleDatabaseAsync(provider);
        var rows = Enumerable.Range(1, 4).Select(i => new SampleRow
        {
            Id = Guid.NewGuid(),
            At = new DateTimeOffset(2026, 3, i, 8, 0, 0, TimeSpan.Zero),
            Day = new DateOnly(2026, 2, i),
            Amount = 1000.05m * i,
            Flag = i % 2 == 0,
        }).ToList();

        await using (var work = await database.BeginAsync(CancellationToken.None))
        {
            await work.ExecuteAsync(InsertSample, rows[0]);
            await work.ExecuteAsync(InsertSample, rows[1]);
            await work.ExecuteAsync(InsertSample, new DynamicParameters(rows[2]));
            await work.ExecuteAsync(InsertSample, rows[3]);
            await work.ExecuteAsync("UPDATE sample SET amount = @Amount WHERE id = @Id", new { rows[1].Id, Amount = 7.10m });

            // The next statement of the same transaction sees every write before it.
            Assert.Equal(4, await work.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sample"));
            await work.CommitAsync();
        }

        await using var read = await database.BeginAsync(CancellationToken.None);
        var stored = (await read.QueryAsync<SampleRow>(SelectSample + " ORDER BY day")).ToList();
        Assert.Equal(rows.Select(r => r.Id), stored.Select(r => r.Id));
        Assert.Equal(rows.Select(r => r.Day), stored.Select(r => r.Day));
        Assert.Equal(rows.Select(r => r.At.UtcDateTime), stored.Select(r => r.At.UtcDateTime));
        Assert.Equal(rows.Select(r => r.Flag), stored.Select(r => r.Flag));
        Assert.Equal(["1000.05", "7.10", "3000.15", "4000.20"], stored.Select(r => r.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Writes_with_null_values_repeated_parameters_and_several_statements_apply_in_order(DatabaseProvider provider)
    {
        await using var database = await SampleDatabaseAsync(provider);
        var first = new SampleRow { Id = Guid.NewGuid(), At = DateTimeOffset.UtcNow, Day = new DateOnly(2026, 1, 1), Amount = 1m, Flag = false };
        var second = first with { Id = Guid.NewGuid(), Day = new DateOnly(2026, 1, 2) };

        await using (var work = await database.BeginAsync(CancellationToken.None))
        {
            await work.ExecuteAsync(InsertSample, first);
            await work.ExecuteAsync(InsertSample, second);
            // A null whose only context is IS NULL: PostgreSQL must be told its type. The same parameter twice.
            await work.ExecuteAsync("UPDATE sample SET flag = (@Note IS NULL) WHERE id = @Id OR (id = @Other AND @Note IS NOT NULL)",
                new { first.Id, Other = second.Id, Note = (string?)null });
            // Two statements in one write.
            await work.ExecuteAsync("UPDATE sample SET amount = 2.50 WHERE id = @Id; UPDATE sample SET amount = amount * 2 WHERE id = @Id", new { second.Id });
            await work.ExecuteAsync("UPDATE sample SET amount = amount + @Amount WHERE id = @Id", new { second.Id, Amount = 0.25m });
            await work.CommitAsync();
        }

        await using var read = await database.BeginAsync(CancellationToken.None);
        var stored = (await read.QueryAsync<SampleRow>(SelectSample + " ORDER BY day")).ToList();
        Assert.Equal([true, false], stored.Select(r => r.Flag));
        Assert.Equal(["1", "5.25"], stored.Select(r => r.Amount.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_write_that_fails_leaves_nothing_of_its_transaction_behind(DatabaseProvider provider)
    {
        await using var database = await SampleDatabaseAsync(provider);
        var row = new SampleRow { Id = Guid.NewGuid(), At = DateTimeOffset.UtcNow, Day = new DateOnly(2026, 1, 1), Amount = 1m, Flag = true };

        var failure = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var work = await database.BeginAsync(CancellationToken.None);
            work.Publish(new ProbeChanged { ProbeId = Guid.NewGuid(), Version = 1, Value = "x" });
            await work.ExecuteAsync(InsertSample, row);
            await work.ExecuteAsync(InsertSample, row with { Amount = 2m });
            await work.CommitAsync();
        });

        Assert.True(SqlDialect.IsUniqueViolation(failure), failure.ToString());
        await using var connection = await database.OpenConnectionAsync(CancellationToken.None);
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM outbox"));
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sample"));
    }

    /// <summary>
    /// A statement over many rows (on PostgreSQL one statement that reads them from a JSON array) stores what the same
    /// statement stores row by row: instants with sub-microsecond ticks and other offsets, the money's scale, NULLs, quotes,
    /// backslashes, JSON text and non-Latin script.
    /// </summary>
    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Rows_written_together_are_stored_as_the_same_rows_written_one_by_one(DatabaseProvider provider)
    {
        await using var database = await SampleDatabaseAsync(provider);
        var insert = new RowsStatement(
            "INSERT INTO sample (id, at, day, amount, flag, note) VALUES (@Id, @At, @Day, @Amount, @Flag, @Note)",
            $"INSERT INTO sample SELECT * FROM {RowsStatement.Rows("sample")}");
        static SampleRow Row(int i) => new()
        {
            Id = Guid.NewGuid(),
            At = new DateTimeOffset(2026, 3, 1, 14, 30, 15, TimeSpan.FromHours(5.75)).AddTicks(1_234_567 + i),
            Day = new DateOnly(2026, 2, 28).AddDays(i),
            Amount = 10000.50m + i,
            Flag = i % 2 == 0,
            Note = i % 3 == 0 ? null : $"{i} \"quoted\" \\ नेपाली العربية {{\"fees\": [1.50]}}",
        };
        var together = Enumerable.Range(0, 6).Select(Row).ToList();
        var oneByOne = Enumerable.Range(0, 6).Select(Row).ToList();

        await using (var work = await database.BeginAsync(CancellationToken.None))
        {
            await work.ExecuteForRowsAsync(insert, together);
            foreach (var row in oneByOne)
            {
                await work.ExecuteAsync(insert.EachRow, row);
            }

            await work.CommitAsync();
        }

        await using var read = await database.BeginAsync(CancellationToken.None);
        var stored = (await read.QueryAsync<SampleRow>(SelectSample)).ToDictionary(r => r.Id);
        Assert.Equal(12, stored.Count);
        for (var i = 0; i < together.Count; i++)
        {
            var (a, b) = (stored[together[i].Id], stored[oneByOne[i].Id]);
            Assert.Equal(b with { Id = a.Id }, a);
            Assert.Equal(b.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture), a.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(together[i].Note, a.Note);
            Assert.Equal(together[i].Day, a.Day);
            Assert.True((together[i].At - a.At).Duration() < TimeSpan.FromMicroseconds(1));
        }
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_unit_of_works_events_are_queued_in_the_order_they_were_published(DatabaseProvider provider)
    {
        await using var database = await DatabaseAsync(provider);
        await Migrator.MigrateAsync(database, CancellationToken.None);
        var published = new List<Guid>();
        await using (var work = await database.BeginAsync(CancellationToken.None))
        {
            for (var i = 0; i < 20; i++)
            {
                published.Add(work.Publish(new ProbeChanged { ProbeId = Guid.NewGuid(), Version = 1, Value = $"event {i}" }));
            }

            await work.CommitAsync();
        }

        await using var connection = await database.OpenConnectionAsync(CancellationToken.None);
        Assert.Equal(published, await connection.QueryAsync<Guid>("SELECT message_id FROM outbox ORDER BY sequence"));
    }

    /// <summary>
    /// Each commit is durable, and the pooled connection comes back ready for transactions that are rolled back as well as
    /// committed.
    /// </summary>
    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Commits_are_durable_and_an_uncommitted_unit_of_work_is_rolled_back(DatabaseProvider provider)
    {
        await using var database = await SampleDatabaseAsync(provider);
        var rows = Enumerable.Range(1, 6).Select(i => new SampleRow
        {
            Id = Guid.NewGuid(), At = DateTimeOffset.UtcNow, Day = new DateOnly(2026, 4, i), Amount = i, Flag = false,
        }).ToList();
        foreach (var row in rows)
        {
            await using var work = await database.BeginAsync(CancellationToken.None);
            await work.ExecuteAsync(InsertSample, row);
            work.Publish(new ProbeChanged { ProbeId = row.Id, Version = 1, Value = "committed" });
            await work.CommitAsync();
        }

        await using (var work = await database.BeginAsync(CancellationToken.None))
        {
            await work.ExecuteAsync(InsertSample, rows[0] with { Id = Guid.NewGuid(), Day = new DateOnly(2026, 5, 1) });
            Assert.Equal(1, await work.ExecuteAsync("UPDATE sample SET flag = TRUE WHERE id = @Id", new { rows[0].Id }));
            // Not committed: disposal rolls both back.
        }

        await using var connection = await database.OpenConnectionAsync(CancellationToken.None);
        Assert.Equal(rows.Select(r => r.Id).Order(), (await connection.QueryAsync<Guid>("SELECT id FROM sample")).Order());
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sample WHERE flag"));
        Assert.Equal(6, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM outbox"));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Pruning_deletes_only_rows_sent_before_the_cutoff_below_the_first_row_that_must_stay(DatabaseProvider provider)
    {
        await using var database = await DatabaseAsync(provider);
        await Migrator.MigrateAsync(database, CancellationToken.None);
        var now = new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
        var old = now.AddDays(-2);

        // sequence: 1 old, 2 old, 3 recent, 4 old, 5 unsent, 6 old
        DateTimeOffset?[] sent = [old, old, now.AddMinutes(-5), old, null, old];
        await using (var work = await database.BeginAsync(CancellationToken.None))
        {
            foreach (var at in sent)
            {
                await work.ExecuteAsync(
                    "INSERT INTO outbox (message_id, message_type, body, created_at, sent_at) VALUES (@Id, 'x', '{}', @Old, @At)",
                    new { Id = Guid.NewGuid(), Old = old, At = at });
            }

            await work.ExecuteAsync("UPDATE outbox_state SET clean_through = 1 WHERE id = 1");
            await work.CommitAsync();
        }

        await using var connection = await database.OpenConnectionAsync(CancellationToken.None);
        var cutoff = now.AddDays(-1);

        // Replay mode keeps everything above the clean mark (row 2 may not have been consumed yet).
        await connection.ExecuteAsync(OutboxSql.PruneSent, new { Cutoff = cutoff, KeepAboveCleanMark = 1 });
        Assert.Equal(new long[] { 2, 3, 4, 5, 6 }, await connection.QueryAsync<long>("SELECT sequence FROM outbox ORDER BY sequence"));

        // Durable mode: row 2 goes; row 3 (sent recently) is the boundary, so rows 4 and 6 wait for a later round.
        await connection.ExecuteAsync(OutboxSql.PruneSent, new { Cutoff = cutoff, KeepAboveCleanMark = 0 });
        Assert.Equal(new long[] { 3, 4, 5, 6 }, await connection.QueryAsync<long>("SELECT sequence FROM outbox ORDER BY sequence"));
    }

    /// <summary>A migrated database with the <c>sample</c> table the write tests use.</summary>
    private async Task<ProbeSourceDatabase> SampleDatabaseAsync(DatabaseProvider provider)
    {
        var database = await DatabaseAsync(provider);
        try
        {
            await Migrator.MigrateAsync(database, CancellationToken.None);
            await using var setup = await database.BeginAsync(CancellationToken.None);
            await setup.ExecuteAsync($"CREATE TABLE sample (id {Var(database, "uuid")} PRIMARY KEY, at {Var(database, "timestamp")} NOT NULL, day {Var(database, "date")} NOT NULL, amount {Var(database, "money")} NOT NULL, flag {Var(database, "bool")} NOT NULL, note TEXT NULL)");
            await setup.CommitAsync();
            return database;
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
    }

    private static string Var(ServiceDatabase database, string name) => database.Dialect.MigrationVariables[name];

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private sealed record SampleRow
    {
        public Guid Id { get; init; }
        public DateTimeOffset At { get; init; }
        public DateOnly Day { get; init; }
        public decimal Amount { get; init; }
        public bool Flag { get; init; }
        public string? Note { get; init; }
    }
}
