using Microsoft.Data.Sqlite;

namespace Marketplace.Data.Sqlite;

/// <summary>Turns the configured connection string into the one the pool uses.</summary>
internal static class SqliteConnectionStrings
{
    /// <summary>
    /// Resolves a relative data source under <paramref name="contentRoot"/>, creates its folder, and sets the
    /// command timeout. In-memory databases pass through unchanged apart from the timeout.
    /// </summary>
    public static string Resolve(string connectionString, string contentRoot, int commandTimeoutSeconds)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString)
        {
            DefaultTimeout = commandTimeoutSeconds,
            Pooling = true,
        };
        if (IsFile(builder))
        {
            builder.DataSource = Path.GetFullPath(builder.DataSource, contentRoot);
            Directory.CreateDirectory(Path.GetDirectoryName(builder.DataSource)!);
        }

        return builder.ToString();
    }

    /// <summary>The absolute path of the database file, or null for an in-memory database.</summary>
    public static string? FilePath(string connectionString, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        return IsFile(builder) ? Path.GetFullPath(builder.DataSource, contentRoot) : null;
    }

    /// <summary>Whether the connection string names a database file (false for in-memory or malformed ones).</summary>
    public static bool IsFile(string connectionString)
    {
        try
        {
            return IsFile(new SqliteConnectionStringBuilder(connectionString));
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    public static bool IsFile(SqliteConnectionStringBuilder builder) =>
        builder.Mode != SqliteOpenMode.Memory
        && !string.IsNullOrEmpty(builder.DataSource)
        && builder.DataSource != ":memory:"
        && !builder.DataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase);
}
