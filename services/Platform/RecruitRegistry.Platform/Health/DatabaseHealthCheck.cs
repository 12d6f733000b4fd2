using Dapper;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RecruitRegistry.Platform.Data;

namespace RecruitRegistry.Platform.Health;

/// <summary>Healthy when the service's database answers a trivial query.</summary>
internal sealed class DatabaseHealthCheck<TDatabase>(TDatabase database) : IHealthCheck
    where TDatabase : ServiceDatabase
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await database.OpenConnectionAsync(cancellationToken);
            await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT 1", cancellationToken: cancellationToken));
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"The {database.Name} database does not answer.", ex);
        }
    }
}
