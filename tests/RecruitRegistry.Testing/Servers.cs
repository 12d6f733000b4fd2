using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Dapper;
using Npgsql;

namespace RecruitRegistry.Testing;

/// <summary>
/// The real PostgreSQL server that scripts/test.sh started. Each test gets its own database. Without the server the
/// tests fail loudly: they never skip themselves.
/// </summary>
public sealed class PostgresServer
{
    public PostgresServer()
    {
        AdminConnectionString = Environment.GetEnvironmentVariable("RECRUIT_TEST_POSTGRES")
            ?? throw new InvalidOperationException(
                "RECRUIT_TEST_POSTGRES is not set. Run the tests with scripts/test.sh, which starts PostgreSQL and RabbitMQ.");
    }

    public string AdminConnectionString { get; }

    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 17, 63)];
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.ExecuteAsync($"CREATE DATABASE \"{name}\"");
        // Four test assemblies run at once, each test with its own databases: a small pool per database, and idle
        // connections closed within seconds (the default keeps them five minutes), or the server runs out of sessions.
        return new NpgsqlConnectionStringBuilder(AdminConnectionString)
        {
            Database = name, Pooling = true, MaxPoolSize = 20, ConnectionIdleLifetime = 10, ConnectionPruningInterval = 5,
        }.ConnectionString;
    }

    /// <summary>
    /// Restarts the whole server (pg_ctl restart -m fast: every session of every database ends, the server is gone
    /// until it has recovered), as a failover or a host reboot does to the services.
    /// </summary>
    public async Task RestartAsync()
    {
        var pgCtl = Environment.GetEnvironmentVariable("RECRUIT_PG_CTL") ?? throw new InvalidOperationException("RECRUIT_PG_CTL is not set (scripts/test.sh sets it).");
        var data = Environment.GetEnvironmentVariable("RECRUIT_PG_DATA") ?? throw new InvalidOperationException("RECRUIT_PG_DATA is not set (scripts/test.sh sets it).");
        string[] command = [pgCtl, "-D", data, "-m", "fast", "-w", "-t", "60", "restart"];
        // pg_ctl refuses root, as initdb does: as root, run it as the postgres user that owns the cluster.
        var start = Environment.UserName == "root"
            ? new ProcessStartInfo("su", ["postgres", "-s", "/bin/sh", "-c", string.Join(' ', command.Select(a => "'" + a + "'"))])
            : new ProcessStartInfo(command[0], command[1..]);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"pg_ctl restart failed: {await output}{await error}");
        }

        NpgsqlConnection.ClearAllPools(); // this process's pooled sessions ended with the old server
    }

    /// <summary>
    /// Takes one database away, as a restart does for its clients: its sessions end and new ones are refused
    /// (55000, "not currently accepting connections") until <paramref name="refuse"/> is false again. The server
    /// and every other database stay up.
    /// </summary>
    public async Task RefuseConnectionsAsync(string connectionString, bool refuse)
    {
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.ExecuteAsync($"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS {(refuse ? "false" : "true")}");
        }

        if (refuse)
        {
            await TerminateSessionsAsync(connectionString);
        }
    }

    /// <summary>Ends every session on a database but ours, as a crashed client's sessions end.</summary>
    public async Task TerminateSessionsAsync(string connectionString)
    {
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.ExecuteAsync(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = @Database AND pid <> pg_backend_pid()",
            new { Database = database });
    }
}

/// <summary>The real RabbitMQ node that scripts/test.sh started. Each test gets its own virtual host.</summary>
public sealed class RabbitMqServer
{
    /// <summary>
    /// The management plugin's HTTP API when the node runs it (scripts/test.sh): virtual hosts made and removed in
    /// milliseconds. Without it each change is a rabbitmqctl call, which boots an Erlang VM (about 1.5 s of CPU).
    /// </summary>
    private readonly HttpClient? management;

    public RabbitMqServer()
    {
        var endpoint = Environment.GetEnvironmentVariable("RECRUIT_TEST_RABBITMQ")
            ?? throw new InvalidOperationException(
                "RECRUIT_TEST_RABBITMQ is not set. Run the tests with scripts/test.sh, which starts PostgreSQL and RabbitMQ.");
        Host = endpoint.Split(':')[0];
        Port = int.Parse(endpoint.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture);
        Ctl = Environment.GetEnvironmentVariable("RECRUIT_RABBITMQCTL")
            ?? throw new InvalidOperationException("RECRUIT_RABBITMQCTL is not set (scripts/test.sh sets it).");
        if (Environment.GetEnvironmentVariable("RECRUIT_RABBITMQ_MANAGEMENT") is { Length: > 0 } api)
        {
            management = new HttpClient { BaseAddress = new Uri(api), Timeout = TimeSpan.FromSeconds(90) };
            management.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("guest:guest"u8));
        }
    }

    public string Host { get; }

    public int Port { get; }

    private string Ctl { get; }

    public async Task<string> CreateVirtualHostAsync()
    {
        var name = "t-" + Guid.NewGuid().ToString("N")[..12];
        if (management is null)
        {
            await RunCtlAsync("add_vhost", name);
            await RunCtlAsync("set_permissions", "-p", name, "guest", ".*", ".*", ".*");
            return name;
        }

        await ManagementAsync(HttpMethod.Put, $"api/vhosts/{name}", new { });
        await ManagementAsync(HttpMethod.Put, $"api/permissions/{name}/guest", new { configure = ".*", write = ".*", read = ".*" });
        return name;
    }

    /// <summary>Deletes a test's virtual host with its queues, so the node does not accumulate them over a run.</summary>
    public async Task DeleteVirtualHostAsync(string name)
    {
        if (management is null)
        {
            await RunCtlAsync("delete_vhost", name);
            return;
        }

        await ManagementAsync(HttpMethod.Delete, $"api/vhosts/{name}", body: null);
    }

    private async Task ManagementAsync(HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await management!.SendAsync(request);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(
                $"RabbitMQ management: {method} {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>The queues of a virtual host with the messages waiting in each (ready and unacknowledged).</summary>
    public async Task<IReadOnlyDictionary<string, long>> QueueDepthsAsync(string virtualHost)
    {
        var table = await RunCtlAsync("list_queues", "-p", virtualHost, "--quiet", "--no-table-headers", "name", "messages");
        return table.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('\t'))
            .Where(cells => cells.Length == 2)
            .ToDictionary(cells => cells[0], cells => long.Parse(cells[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Stops the broker application: every connection drops, nothing is accepted until started again.</summary>
    public Task StopAsync() => RunCtlAsync("stop_app");

    public async Task StartAsync()
    {
        await RunCtlAsync("start_app");
        await RunCtlAsync("await_startup");
    }

    public async Task<string> RunCtlAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(Ctl) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true); // a hung CLI must not outlive the test run
            throw new TimeoutException($"rabbitmqctl {string.Join(' ', arguments)} did not answer within 90 s");
        }
        // The CLI has exited; a daemon it started (epmd) could still hold its output open, so the reads are bounded too.
        var written = await output.WaitAsync(TimeSpan.FromSeconds(10));
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"rabbitmqctl {string.Join(' ', arguments)} failed: {written}{await error.WaitAsync(TimeSpan.FromSeconds(10))}");
        }

        return written;
    }
}

/// <summary>Both real servers, shared by every test of a collection (tests in it run one at a time).</summary>
public sealed class Servers
{
    public PostgresServer Postgres { get; } = new();

    public RabbitMqServer RabbitMq { get; } = new();
}
