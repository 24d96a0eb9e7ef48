using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Marketplace.Tests.Shared;

/// <summary>
/// A throwaway PostgreSQL server for tests: <c>initdb</c> into a temp folder, a free loopback port, started with
/// <c>pg_ctl</c> and stopped and deleted on dispose. PostgreSQL refuses to run as root, so under root the folder is
/// given to the <c>postgres</c> user and every command runs through <c>runuser</c>. Missing binaries or a server that
/// does not start throw — a test run without PostgreSQL fails, it does not skip.
/// </summary>
internal sealed class PostgresServer : IAsyncDisposable
{
    /// <summary>Where the server binaries are; <c>MARKETPLACE_PG_BIN</c> overrides the PostgreSQL 15 default.</summary>
    public static readonly string BinDirectory = Environment.GetEnvironmentVariable("MARKETPLACE_PG_BIN") ?? "/usr/lib/postgresql/15/bin";

    private const string ServiceUser = "postgres";
    private readonly string _folder;

    private PostgresServer(string folder, int port)
    {
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    private string DataDirectory => Path.Combine(_folder, "data");

    /// <summary>
    /// A test run leaves many hosts' pools behind (a database each, plus several processes at once in the scale-out
    /// test): idle connections are closed after a few seconds instead of five minutes, so they never add up to the
    /// server's connection limit.
    /// </summary>
    public string ConnectionString(string database = "postgres") =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Timeout=15;Command Timeout=60;Connection Idle Lifetime=3;Connection Pruning Interval=1";

    /// <summary>
    /// Starts a server with <c>fsync=off</c> (a test server's data is thrown away, durability costs only time there);
    /// <paramref name="settings"/> override that and add others, e.g. a benchmark's durability to match SQLite's.
    /// </summary>
    public static async Task<PostgresServer> StartAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        if (!File.Exists(Path.Combine(BinDirectory, "pg_ctl")))
        {
            throw new InvalidOperationException($"PostgreSQL server binaries were not found in {BinDirectory} (set MARKETPLACE_PG_BIN); the PostgreSQL tests need them.");
        }

        var folder = Directory.CreateTempSubdirectory("marketplace-pg-").FullName;
        var server = new PostgresServer(folder, FreePort());
        try
        {
            if (Environment.UserName == "root")
            {
                await RunAsync("chown", ["-R", $"{ServiceUser}:{ServiceUser}", folder], asServiceUser: false);
            }

            await RunAsync(Path.Combine(BinDirectory, "initdb"), ["-D", server.DataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"], asServiceUser: true);
            var all = new Dictionary<string, string> { ["listen_addresses"] = "127.0.0.1", ["fsync"] = "off", ["max_connections"] = "400" };
            foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            {
                all[key] = value;
            }

            await RunAsync(Path.Combine(BinDirectory, "pg_ctl"),
                ["-D", server.DataDirectory, "-l", Path.Combine(folder, "server.log"), "-w", "-t", "60", "start",
                 "-o", $"-p {server.Port} -k {folder} {string.Join(' ', all.Select(s => $"-c {s.Key}={s.Value}"))}"],
                asServiceUser: true);
            return server;
        }
        catch
        {
            var log = Path.Combine(folder, "server.log");
            var text = File.Exists(log) ? await File.ReadAllTextAsync(log) : "";
            await server.DisposeAsync();
            throw new InvalidOperationException($"The PostgreSQL test server did not start. Server log:\n{text}");
        }
    }

    /// <summary>A new, empty database on this server; its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(CancellationToken cancellationToken = default)
    {
        var name = "t_" + Guid.NewGuid().ToString("N");
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync(cancellationToken);
        await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await create.ExecuteNonQueryAsync(cancellationToken);
        return ConnectionString(name);
    }

    public async ValueTask DisposeAsync()
    {
        if (Directory.Exists(DataDirectory))
        {
            try
            {
                await RunAsync(Path.Combine(BinDirectory, "pg_ctl"), ["-D", DataDirectory, "-m", "immediate", "-w", "stop"], asServiceUser: true);
            }
            catch (InvalidOperationException)
            {
                // not running (a failed start); the folder goes anyway
            }
        }

        Directory.Delete(_folder, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string program, string[] arguments, bool asServiceUser)
    {
        var runAs = asServiceUser && Environment.UserName == "root";
        var start = new ProcessStartInfo(runAs ? "runuser" : program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in runAs ? ["-u", ServiceUser, "--", program, .. arguments] : arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(program)} exited with {process.ExitCode}: {await output}{await error}");
        }
    }
}
