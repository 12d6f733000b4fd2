using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using Grpc.Net.Client;
using Npgsql;
using RecruitRegistry.Bench.Common;
using RecruitRegistry.Contracts.Licensing.V1;
using RecruitRegistry.Licensing;
using RecruitRegistry.Platform.Hosting;
using RecruitRegistry.Platform.Security;

// recruitctl's agencies import of a CSV of --rows agencies (the process, timed from its start to its exit: reading the
// file, the calls, the summary) next to RegisterAgency called directly from this process with the same rows, on one
// HTTP/2 connection, --parallel at once as the import sends them. Each measure on a fresh Licensing database (PostgreSQL).
// Needs RECRUIT_TEST_POSTGRES (bench/run-import.sh sets it) and --recruitctl (the built recruitctl.dll). Prints one line:
// "direct=<rows/s> import=<rows/s>".
var arguments = new Arguments(args);
var rows = arguments.Int("--rows", 100_000);
var parallel = arguments.Int("--parallel", 8);
var recruitctl = arguments.Text("--recruitctl", "");
var admin = Environment.GetEnvironmentVariable("RECRUIT_TEST_POSTGRES") ?? throw new InvalidOperationException("RECRUIT_TEST_POSTGRES is not set");
var signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
var token = TokenFactory.Create(new AuthOptions { SigningKey = signingKey }, Roles.Authority, "NP", null);

var file = Path.Combine(Path.GetTempPath(), $"bench-agencies-{Guid.NewGuid():N}.csv");
var csv = new StringBuilder("registration_number,country,legal_name,address,contact_email,directors\n");
for (var i = 0; i < rows; i++)
{
    csv.Append(CultureInfo.InvariantCulture, $"DoFE-{i:D6},NP,\"Bench Agency {i}, Pvt. Ltd.\",\"Ward {i % 32}, Kathmandu\",office{i}@example.np,Director {i}|Second {i}\n");
}

await File.WriteAllTextAsync(file, csv.ToString());
try
{
    var direct = await MeasureAsync(async url =>
    {
        using var channel = GrpcChannel.ForAddress(url);
        var client = new Licensing.LicensingClient(channel);
        var call = new CallOptions(new Metadata { { "authorization", "Bearer " + token } });
        await Parallel.ForEachAsync(Enumerable.Range(0, rows), new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (i, _) =>
            await client.RegisterAgencyAsync(new RegisterAgencyRequest
            {
                RegistrationNumber = $"DoFE-{i:D6}",
                Country = "NP",
                LegalName = $"Bench Agency {i}, Pvt. Ltd.",
                Address = $"Ward {i % 32}, Kathmandu",
                ContactEmail = $"office{i}@example.np",
                Directors = { new Director { FullName = $"Director {i}" }, new Director { FullName = $"Second {i}" } },
            }, call));
    });
    Console.Error.WriteLine($"RegisterAgency directly: {direct:F0} rows/s");

    var import = await MeasureAsync(async url =>
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { recruitctl, "agencies", "import", file, "--server", url, "--parallel", parallel.ToString(CultureInfo.InvariantCulture), "--output", "json" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["RECRUIT_TOKEN"] = token;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0 || !(await output).Contains($"\"imported\": {rows}", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"the import did not import every row (exit {process.ExitCode}):\n{await output}\n{await error}");
        }
    });
    Console.Error.WriteLine($"recruitctl agencies import: {import:F0} rows/s");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"direct={direct:F0} import={import:F0}"));
}
finally
{
    File.Delete(file);
}

return 0;

// Rows per second of one way of registering every row, on its own fresh database and host.
async Task<double> MeasureAsync(Func<string, Task> register)
{
    var connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = "bench_import_" + Guid.NewGuid().ToString("N")[..8] }.ConnectionString;
    await using var licensing = await BenchHost.StartAsync(
        builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Auth:SigningKey"] = signingKey,
                ["Licensing:Database:Provider"] = "Postgres",
                ["Licensing:Database:ConnectionString"] = connectionString,
            });
            builder.AddServices([LicensingService.Module]);
        },
        app => app.MapServices([LicensingService.Module]));
    var clock = Stopwatch.StartNew();
    await register(licensing.Url);
    return rows / clock.Elapsed.TotalSeconds;
}
