namespace Marketplace.Data.Options;

/// <summary>Names accepted by <c>Database:Provider</c>.</summary>
public static class DatabaseProviders
{
    public const string Sqlite = "Sqlite";
    public const string Postgres = "Postgres";
}
