using System.Diagnostics;
using System.Globalization;

namespace Marketplace.Bench;

/// <summary>
/// N copies of the API, each this program again in <c>seed-api</c> mode (a <see cref="BenchHost"/> on Kestrel), all on
/// one SQLite file and one sources folder in a temp folder; a child serves until its standard input closes.
/// </summary>
internal sealed class ApiProcesses : IAsyncDisposable
{
    private readonly List<Process> _processes = [];
    private readonly List<HttpClient> _clients = [];

    private ApiProcesses(string folder)
    {
        Folder = folder;
        SourcesFolder = Directory.CreateDirectory(Path.Combine(folder, "sources")).FullName;
    }

    public string Folder { get; }
    public string SourcesFolder { get; }
    public IReadOnlyList<HttpClient> Clients => _clients;

    /// <summary>Starts the first process (it creates and migrates the database), then the others together.</summary>
    public static async Task<ApiProcesses> StartAsync(int count, IReadOnlyDictionary<string, string> settings)
    {
        var processes = new ApiProcesses(Directory.CreateTempSubdirectory("marketplace-bench-processes-").FullName);
        var shared = new Dictionary<string, string>(settings)
        {
            ["Database:ConnectionString"] = $"Data Source={Path.Combine(processes.Folder, "marketplace.db")}",
            ["Sources:AllowedRoots:0"] = processes.SourcesFolder,
        };
        try
        {
            await processes.StartOneAsync(shared);
            await Task.WhenAll(Enumerable.Range(1, count - 1).Select(_ => processes.StartOneAsync(shared)));
            return processes;
        }
        catch
        {
            await processes.DisposeAsync();
            throw;
        }
    }

    /// <summary>The child: serves the API with the given <c>key=value</c> settings until standard input closes.</summary>
    public static async Task<int> ChildAsync(string[] settings)
    {
        await using var host = new BenchHost(settings.Select(s => s.Split('=', 2)).ToDictionary(p => p[0], p => p[1]));
        using var client = host.StartClient();
        Console.WriteLine($"listening {client.BaseAddress}");
        await Console.In.ReadToEndAsync();
        return 0;
    }

    private async Task StartOneAsync(IReadOnlyDictionary<string, string> settings)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(typeof(ApiProcesses).Assembly.Location);
        start.ArgumentList.Add("seed-api");
        foreach (var (key, value) in settings)
        {
            start.ArgumentList.Add(string.Create(CultureInfo.InvariantCulture, $"{key}={value}"));
        }

        var process = Process.Start(start)!;
        lock (_processes)
        {
            _processes.Add(process);
        }

        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                listening.TrySetException(new InvalidOperationException("an API process exited before it listened"));
            }
            else if (e.Data.StartsWith("listening ", StringComparison.Ordinal))
            {
                listening.TrySetResult(new Uri(e.Data["listening ".Length..]));
            }
            else
            {
                Console.Error.WriteLine($"[api {process.Id}] {e.Data}"); // warnings of the child, e.g. slow batches
            }
        };
        process.BeginOutputReadLine();
        var address = await listening.Task.WaitAsync(TimeSpan.FromMinutes(2));
        lock (_clients)
        {
            _clients.Add(new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(5) });
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        foreach (var process in _processes)
        {
            process.StandardInput.Close();
        }

        foreach (var process in _processes)
        {
            using var exited = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await process.WaitForExitAsync(exited.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }

            process.Dispose();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Folder, recursive: true);
    }
}
