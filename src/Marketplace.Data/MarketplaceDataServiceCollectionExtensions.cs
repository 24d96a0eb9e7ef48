using Marketplace.Data.Diagnostics;
using Marketplace.Data.Jobs;
using Marketplace.Data.Options;
using Marketplace.Data.Postgres;
using Marketplace.Data.Sqlite;
using Marketplace.Data.WriteUnits;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marketplace.Data;

/// <summary>The data layer's one DI entry point.</summary>
public static class MarketplaceDataServiceCollectionExtensions
{
    /// <summary>Name of the assembly that holds the SQLite migrations.</summary>
    public const string SqliteMigrationsAssembly = "Marketplace.Migrations.Sqlite";

    /// <summary>Name of the assembly that holds the PostgreSQL migrations.</summary>
    public const string PostgresMigrationsAssembly = "Marketplace.Migrations.Postgres";

    /// <summary>
    /// Registers the pooled <see cref="IDbContextFactory{MarketplaceDbContext}"/>, the validated
    /// <see cref="DatabaseOptions"/>, the connection interceptor, the write-unit runner (on SQLite with its cross-process
    /// write queue), start-up checks, the readiness health check, and the leased-job primitives (<c>Jobs/</c>) every
    /// runner shares.
    /// </summary>
    public static IServiceCollection AddMarketplaceData(this IServiceCollection services)
    {
        services.AddOptions<DatabaseOptions>()
            .BindConfiguration(DatabaseOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>();
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<DataMetrics>();
        services.AddSingleton<SqliteConnectionInterceptor>();
        services.AddSingleton<ContentRoot>();

        services.AddPooledDbContextFactory<MarketplaceDbContext>((provider, builder) =>
        {
            // The host builds hosted services (which take this factory) before it runs start-up validation, so
            // validate every ValidateOnStart section here first: a bad configuration then fails naming each bad
            // key, not only the first one the database happens to read.
            provider.GetService<IStartupValidator>()?.Validate();
            var settings = provider.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            // Each provider's retrying strategy repeats whole write units (the runners below) with one budget and backoff.
            var retries = WriteRetryPolicy.From(settings);
            if (settings.IsPostgres)
            {
                builder.UseNpgsql(settings.ConnectionString, npgsql => npgsql
                    .MigrationsAssembly(PostgresMigrationsAssembly)
                    .CommandTimeout(settings.CommandTimeoutSeconds)
                    .ExecutionStrategy(dependencies => new PostgresRetryingExecutionStrategy(dependencies, retries)))
                    .AddInterceptors(PostgresTimestampPrecision.Instance);
                return;
            }

            var contentRoot = provider.GetRequiredService<ContentRoot>().Path;
            var connectionString = SqliteConnectionStrings.Resolve(settings.ConnectionString, contentRoot, settings.CommandTimeoutSeconds);
            builder.UseSqlite(connectionString, sqlite => sqlite
                    .MigrationsAssembly(SqliteMigrationsAssembly)
                    .CommandTimeout(settings.CommandTimeoutSeconds)
                    .ExecutionStrategy(dependencies => new SqliteRetryingExecutionStrategy(dependencies, retries)))
                .AddInterceptors(provider.GetRequiredService<SqliteConnectionInterceptor>())
                // A migration that rebuilds a table (SQLite cannot drop NOT NULL in place) turns foreign keys off around
                // it, outside the migration's transaction: EF's own way, said once at Information, not a warning per start.
                .ConfigureWarnings(w => w.Log((RelationalEventId.NonTransactionalMigrationOperationWarning, LogLevel.Information)));
        });

        services.AddSingleton<WriteUnitRetries>();
        services.AddSingleton<SqliteWriteQueue>();
        services.AddSingleton<SqliteWriteUnitRunner>();
        services.AddSingleton<PostgresWriteUnitRunner>();
        services.AddSingleton<IWriteUnitRunner>(provider => provider.GetRequiredService<IOptions<DatabaseOptions>>().Value.IsPostgres
            ? provider.GetRequiredService<PostgresWriteUnitRunner>()
            : provider.GetRequiredService<SqliteWriteUnitRunner>());
        services.AddSingleton<SqliteMaintenance>();
        // Leased jobs (Jobs/): the one claim, fence and wake-up path of executions, imports and scans.
        services.AddSingleton<LeaseClaims>();
        services.AddSingleton<LeaseFence>();
        services.AddSingleton<JobSignals>();
        // Registered before any hosted service the host adds later, and it runs in StartingAsync, so
        // migrations are applied before any hosted service starts.
        services.AddHostedService<DatabaseInitializer>();
        services.TryAddSingleton<Marketplace.Storage.IVolumeSpace, Marketplace.Storage.VolumeSpace>();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        return services;
    }
}
