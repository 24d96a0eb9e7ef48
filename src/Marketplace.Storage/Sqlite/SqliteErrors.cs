using Microsoft.Data.Sqlite;

namespace Marketplace.Storage.Sqlite;

/// <summary>Recognises SQLite result codes anywhere in an exception chain (EF wraps them in DbUpdateException).</summary>
public static class SqliteErrors
{
    private const int Busy = 5;
    private const int Locked = 6;
    private const int BusySnapshot = 517;
    private const int Constraint = 19;
    private const int ConstraintPrimaryKey = 1555;
    private const int ConstraintUnique = 2067;
    private const int Full = 13;
    private const int ReadOnly = 8;
    private const int IoError = 10;

    public static bool IsBusy(Exception exception) =>
        Find(exception) is { } e && (e.SqliteErrorCode is Busy or Locked || e.SqliteExtendedErrorCode == BusySnapshot);

    public static bool IsUniqueViolation(Exception exception) =>
        Find(exception) is { SqliteErrorCode: Constraint } e && e.SqliteExtendedErrorCode is ConstraintUnique or ConstraintPrimaryKey;

    /// <summary>Any other constraint (CHECK, NOT NULL, foreign key).</summary>
    public static bool IsConstraintViolation(Exception exception) =>
        Find(exception) is { SqliteErrorCode: Constraint } && !IsUniqueViolation(exception);

    /// <summary>The disk or file refuses writes: full, read-only, or an I/O error.</summary>
    public static bool IsStorageFailure(Exception exception) =>
        Find(exception) is { SqliteErrorCode: Full or ReadOnly or IoError };

    public static SqliteException? Find(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is SqliteException sqlite)
            {
                return sqlite;
            }
        }

        return null;
    }
}
