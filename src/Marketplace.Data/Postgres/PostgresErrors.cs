using Npgsql;

namespace Marketplace.Data.Postgres;

/// <summary>PostgreSQL errors by SQLSTATE, found anywhere in an exception's chain.</summary>
internal static class PostgresErrors
{
    public static bool IsUniqueViolation(Exception exception) => Find(exception)?.SqlState == PostgresErrorCodes.UniqueViolation;

    public static bool IsConstraintViolation(Exception exception) => Find(exception)?.SqlState is
        PostgresErrorCodes.ForeignKeyViolation or PostgresErrorCodes.CheckViolation or PostgresErrorCodes.NotNullViolation;

    /// <summary>Disk full, out of memory, too many connections, read-only: the server cannot take writes now.</summary>
    public static bool IsStorageFailure(Exception exception) => Find(exception)?.SqlState is
        PostgresErrorCodes.DiskFull or PostgresErrorCodes.InsufficientResources or PostgresErrorCodes.ReadOnlySqlTransaction;

    public static PostgresException? Find(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is PostgresException postgres)
            {
                return postgres;
            }
        }

        return null;
    }
}
