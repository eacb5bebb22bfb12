namespace OkrBot.Core.Persistence;

public enum DatabaseProvider { Sqlite, Postgres }

/// <summary>The "Storage" configuration section.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Sqlite (the default: a file beside the app, nothing to install) or Postgres.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>A Npgsql or SQLite connection string. Empty on SQLite means <c>Data Source=okrbot.db</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Apply pending migrations at start-up (on by default; turn off where a release step migrates).</summary>
    public bool MigrateOnStart { get; set; } = true;

    public const string DefaultSqliteConnectionString = "Data Source=okrbot.db";
}
