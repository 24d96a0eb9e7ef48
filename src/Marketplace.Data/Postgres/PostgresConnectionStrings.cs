using Npgsql;

namespace Marketplace.Data.Postgres;

/// <summary>Checks the configured connection string before anything connects with it.</summary>
internal static class PostgresConnectionStrings
{
    public static bool IsValid(string? connectionString)
    {
        try
        {
            return !string.IsNullOrWhiteSpace(new NpgsqlConnectionStringBuilder(connectionString).Host);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
