using System.Collections.Concurrent;
using Marketplace.Workflows.Maintenance;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Marketplace.Api.Tests;

/// <summary>A normal run logs no EF Core query warning (README drift: every run logged "Skip/Take without OrderBy").</summary>
public sealed class QueryWarningTests
{
    [Fact]
    public async Task MaintenanceIteration_RetentionDeletes_LogNoQueryWarning()
    {
        var logs = new CapturingLoggerProvider();
        await using var factory = new MarketplaceApiFactory(new() { ["Maintenance:Enabled"] = "false" })
        {
            ExtraServices = services => services.AddSingleton<ILoggerProvider>(logs),
        };
        using var client = factory.CreateClient();

        await factory.Services.GetRequiredService<DatabaseMaintenance>().RunOnceAsync(TestContext.Current.CancellationToken);

        Assert.DoesNotContain(logs.Warnings, w => w.Category.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal));
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<(string Category, string Message)> Warnings { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, Warnings);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<(string, string)> warnings) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (logLevel >= LogLevel.Warning)
                {
                    warnings.Enqueue((category, formatter(state, exception)));
                }
            }
        }
    }
}
