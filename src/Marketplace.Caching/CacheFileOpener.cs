using Microsoft.Data.Sqlite;

namespace Marketplace.Caching;

/// <summary>
/// Opens the cache file's read-write connection: creates the folder and the file, sets the file's PRAGMAs, brings
/// the layout to <see cref="CacheSchema.Version"/> in one <c>BEGIN IMMEDIATE</c> transaction (two processes may open
/// a new file at once), and caps the file so that it and its WAL stay within <c>Cache:MaxFileBytes</c>.
/// </summary>
internal static class CacheFileOpener
{
    public static SqliteConnection Open(string file, CacheOptions options)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        try
        {
            connection.Open();
            Execute(connection, $"PRAGMA busy_timeout = {options.BusyTimeoutMs}");
            foreach (var pragma in CacheSchema.FilePragmas)
            {
                Execute(connection, pragma);
            }

            // After a checkpoint has copied everything, the next write restarts the WAL and truncates it to this.
            Execute(connection, $"PRAGMA journal_size_limit = {options.MaxWalBytes}");
            using (var transaction = connection.BeginTransaction(deferred: false))
            {
                if (Scalar(connection, "PRAGMA user_version") != CacheSchema.Version)
                {
                    foreach (var statement in CacheSchema.Drop.Concat(CacheSchema.Create))
                    {
                        Execute(connection, statement);
                    }
                }

                transaction.Commit();
            }

            if (options.MaxFileBytes > 0)
            {
                var pages = (options.MaxFileBytes - options.MaxWalBytes) / Scalar(connection, "PRAGMA page_size");
                Execute(connection, $"PRAGMA max_page_count = {Math.Max(1, pages)}");
            }

            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
