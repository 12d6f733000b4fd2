using System.ComponentModel.DataAnnotations;

namespace RecruitRegistry.Platform.Data;

/// <summary>Which engine a service's database runs on.</summary>
public enum DatabaseProvider
{
    /// <summary>One SQLite file: the standalone mode.</summary>
    Sqlite,

    /// <summary>One PostgreSQL database per service: the distributed mode.</summary>
    Postgres,
}

/// <summary>Where one service keeps its data; bound from "&lt;Service&gt;:Database".</summary>
public sealed class DatabaseOptions
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Npgsql or Microsoft.Data.Sqlite connection string.</summary>
    [Required]
    public string ConnectionString { get; set; } = "";

    /// <summary>PostgreSQL only: create the database on start when it does not exist.</summary>
    public bool CreateIfMissing { get; set; } = true;
}
