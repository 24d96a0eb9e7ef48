using Marketplace.Data.Options;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Marketplace.Data.Tests;

public sealed class DatabaseOptionsValidationTests
{
    [Fact]
    public async Task Start_WithEveryDatabaseSettingBad_FailsNamingEachKey()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Oracle",
            ["Database:BusyTimeoutMs"] = "0",
            ["Database:WalAutocheckpointPages"] = "-1",
            ["Database:CommandTimeoutSeconds"] = "-5",
            ["Database:WriteRetryAttempts"] = "0",
        }));

        foreach (var key in new[] { "Database:Provider", "Database:BusyTimeoutMs", "Database:WalAutocheckpointPages", "Database:CommandTimeoutSeconds", "Database:WriteRetryAttempts" })
        {
            Assert.Contains(key, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Start_CommandTimeoutBelowBusyTimeout_FailsNamingBoth()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(new Dictionary<string, string?>
        {
            ["Database:BusyTimeoutMs"] = "20000",
            ["Database:CommandTimeoutSeconds"] = "5",
        }));

        Assert.Contains("Database:CommandTimeoutSeconds (5 s) must not be lower than Database:BusyTimeoutMs (20000 ms)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_MatchTheDesignTable()
    {
        var database = new DatabaseOptions();

        Assert.Equal(("Sqlite", "Data Source=data/marketplace.db", 10_000, 1000, true), (database.Provider, database.ConnectionString, database.BusyTimeoutMs, database.WalAutocheckpointPages, database.MigrateOnStartup));
        Assert.Equal("Auto", database.WriteQueue);
        Assert.Empty(new DatabaseOptionsValidator().Validate(null, database).Failures ?? []);
    }

    [Theory]
    [InlineData("Sometimes", "Sqlite", "Data Source=data/marketplace.db", "Database:WriteQueue must be 'Auto', 'On' or 'Off' (got 'Sometimes').")]
    [InlineData("On", "Sqlite", "Data Source=:memory:", "Database:WriteQueue is 'On', but Database:ConnectionString names no database file.")]
    [InlineData("on", "Postgres", "Host=localhost;Database=m;Username=u", "Database:WriteQueue is 'On', but it queues writers of a SQLite file and Database:Provider is not Sqlite.")]
    public void Validate_WriteQueueThatCannotWork_FailsNamingTheKey(string mode, string provider, string connectionString, string expected)
    {
        var options = new DatabaseOptions { WriteQueue = mode, Provider = provider, ConnectionString = connectionString };

        Assert.Contains(expected, new DatabaseOptionsValidator().Validate(null, options).Failures ?? []);
        Assert.False(options.WriteQueueEnabled);
    }

    [Theory]
    [InlineData("Auto", "Data Source=data/marketplace.db", true)]
    [InlineData("On", "Data Source=/tmp/x.db", true)]
    [InlineData("Off", "Data Source=data/marketplace.db", false)]
    [InlineData("Auto", "Data Source=:memory:", false)]
    public void WriteQueueEnabled_ByModeAndDatabase_OnForFileDatabasesUnlessOff(string mode, string connectionString, bool enabled)
    {
        var options = new DatabaseOptions { WriteQueue = mode, ConnectionString = connectionString };

        Assert.Empty(new DatabaseOptionsValidator().Validate(null, options).Failures ?? []);
        Assert.Equal(enabled && OperatingSystem.IsLinux(), options.WriteQueueEnabled);
    }

    [Fact]
    public async Task Start_WithMigrateOnStartup_AppliesMigrationsBeforeHostedServicesStart()
    {
        PendingMigrationsProbe.Seen = null;
        await using var database = await TestDatabase.CreateAsync(configure: s => s.AddHostedService<PendingMigrationsProbe>());

        Assert.Equal(0, PendingMigrationsProbe.Seen);
    }

    private static async Task StartAsync(Dictionary<string, string?> settings)
    {
        await using var database = await TestDatabase.CreateAsync(settings);
    }

    /// <summary>A hosted service registered after the data layer; records how many migrations were pending when it started.</summary>
    private sealed class PendingMigrationsProbe(IDbContextFactory<MarketplaceDbContext> contexts) : IHostedService
    {
        public static int? Seen { get; set; }

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            Seen = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Count();
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
