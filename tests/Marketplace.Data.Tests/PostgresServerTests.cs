using Marketplace.Tests.Shared;
using Npgsql;

namespace Marketplace.Data.Tests;

/// <summary>The test PostgreSQL server the provider tests of issue 7 build on: it starts, answers, and goes away.</summary>
public sealed class PostgresServerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Start_ThrowawayServer_AnswersOnLoopbackAndIsGoneAfterDispose()
    {
        string connectionString;
        await using (var server = await PostgresServer.StartAsync())
        {
            connectionString = server.ConnectionString();
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(Ct);
            await using var command = new NpgsqlCommand("CREATE DATABASE marketplace_probe; SELECT version()", connection);
            var version = (string)(await command.ExecuteScalarAsync(Ct))!;

            Assert.StartsWith("PostgreSQL 15", version, StringComparison.Ordinal);
        }

        NpgsqlConnection.ClearAllPools();
        await using var gone = new NpgsqlConnection(connectionString);
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => gone.OpenAsync(Ct));
    }
}
