using Microsoft.Extensions.Options;

namespace Marketplace.Data.Options;

/// <summary>Cross-field rules of <see cref="DatabaseOptions"/>; reports every failure at once.</summary>
internal sealed class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>
{
    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        var failures = new List<string>();
        if (!options.IsSqlite && !options.IsPostgres)
        {
            failures.Add($"Database:Provider must be 'Sqlite' or 'Postgres' (got '{options.Provider}').");
        }

        if (options.IsPostgres && !Postgres.PostgresConnectionStrings.IsValid(options.ConnectionString))
        {
            failures.Add("Database:ConnectionString must be an Npgsql connection string (Host=…;Database=…;Username=…) "
                + "when Database:Provider is Postgres.");
        }

        if (options.BusyTimeoutMs > 0 && options.CommandTimeoutSeconds * 1000L < options.BusyTimeoutMs)
        {
            failures.Add($"Database:CommandTimeoutSeconds ({options.CommandTimeoutSeconds} s) must not be lower than "
                + $"Database:BusyTimeoutMs ({options.BusyTimeoutMs} ms).");
        }

        if (options.WriteRetryMaxDelayMs < options.WriteRetryInitialDelayMs)
        {
            failures.Add("Database:WriteRetryMaxDelayMs must not be lower than Database:WriteRetryInitialDelayMs.");
        }

        ValidateWriteQueue(options, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateWriteQueue(DatabaseOptions options, List<string> failures)
    {
        if (!options.WriteQueueIs(WriteQueueModes.Auto) && !options.WriteQueueIs(WriteQueueModes.On)
            && !options.WriteQueueIs(WriteQueueModes.Off))
        {
            failures.Add($"Database:WriteQueue must be 'Auto', 'On' or 'Off' (got '{options.WriteQueue}').");
        }
        else if (options.WriteQueueIs(WriteQueueModes.On) && options.WriteQueueUnavailableReason() is { } reason)
        {
            failures.Add($"Database:WriteQueue is 'On', but {reason}.");
        }
    }
}
