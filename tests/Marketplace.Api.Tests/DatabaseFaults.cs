using Marketplace.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Api.Tests;

/// <summary>Faults the database itself raises, installed by tests: a trigger that refuses artifacts as a constraint would.</summary>
internal static class DatabaseFaults
{
    /// <summary>The name ending that the trigger refuses.</summary>
    public const string RefusedSuffix = "-refused";

    /// <summary>Inserting an artifact whose name ends with <see cref="RefusedSuffix"/> fails with the constraint-like error
    /// <c>ck_test_refusal</c>.</summary>
    public static async Task RefuseArtifactsAsync(MarketplaceApiFactory factory)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<MarketplaceDbContext>>().CreateDbContextAsync(ct);
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlRawAsync("CREATE OR REPLACE FUNCTION test_refuse() RETURNS trigger AS $$ BEGIN "
                + "IF NEW.name LIKE '%-refused' THEN RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = 'ck_test_refusal'; END IF; "
                + "RETURN NEW; END $$ LANGUAGE plpgsql", ct);
            await db.Database.ExecuteSqlRawAsync(
                "CREATE OR REPLACE TRIGGER test_refuse BEFORE INSERT ON artifacts FOR EACH ROW EXECUTE FUNCTION test_refuse()", ct);
        }
        else
        {
            await db.Database.ExecuteSqlRawAsync("CREATE TRIGGER IF NOT EXISTS test_refuse BEFORE INSERT ON artifacts WHEN NEW.name LIKE '%-refused' "
                + "BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: ck_test_refusal'); END", ct);
        }
    }
}
