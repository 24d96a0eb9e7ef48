using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Marketplace.Api.Tests;

/// <summary>
/// A built host started as a real OS process with its own environment: the API on a free loopback port, or the
/// workflow worker (no HTTP). Both use the SQLite file in the data folder unless the environment names another database.
/// </summary>
internal sealed partial class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output;

    private HostProcess(Process process, Uri? address, StringBuilder output)
    {
        _process = process;
        _output = output;
        Address = address;
        Client = new HttpClient { BaseAddress = address };
    }

    public Uri? Address { get; }

    /// <summary>The OS process id; workflow runners name their leases with it.</summary>
    public int ProcessId => _process.Id;
    public HttpClient Client { get; }

    /// <summary>The API, returned once it listens.</summary>
    public static Task<HostProcess> StartAsync(string dataFolder, IReadOnlyDictionary<string, string> environment) =>
        StartAsync("Marketplace.Api", ["--urls", "http://127.0.0.1:0", "--contentRoot", dataFolder], dataFolder, environment);

    /// <summary>The API with no <c>--urls</c>: where it listens is up to <paramref name="environment"/> (ASPNETCORE_URLS, …).</summary>
    public static Task<HostProcess> StartListeningAsConfiguredAsync(string dataFolder, IReadOnlyDictionary<string, string> environment) =>
        StartAsync("Marketplace.Api", ["--contentRoot", dataFolder], dataFolder, environment);

    /// <summary>The workflow worker (<c>src/Marketplace.Worker</c>), returned once its host has started.</summary>
    public static Task<HostProcess> StartWorkerAsync(string dataFolder, IReadOnlyDictionary<string, string> environment) =>
        StartAsync("Marketplace.Worker", ["--contentRoot", dataFolder], dataFolder, environment);

    private static async Task<HostProcess> StartAsync(string project, string[] arguments, string dataFolder, IReadOnlyDictionary<string, string> environment)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var dll = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "src", project, "bin", configuration, "net10.0", project + ".dll"));
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = dataFolder };
        foreach (var arg in arguments.Prepend(dll))
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["Database__ConnectionString"] = $"Data Source={Path.Combine(dataFolder, "marketplace.db")}";
        start.Environment["Cache__Path"] = Path.Combine(dataFolder, "cache.db");
        start.Environment["Sources__AllowedRoots__0"] = Path.Combine(dataFolder, "sources");
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the API process");
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(e.Data);
            }

            if (ListeningOn().Match(e.Data) is { Success: true } match)
            {
                listening.TrySetResult(new Uri(match.Groups[1].Value));
            }
            else if (project == "Marketplace.Worker" && e.Data.Contains("Application started", StringComparison.Ordinal))
            {
                listening.TrySetResult(null!);
            }
        };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var exited = process.WaitForExitAsync();
        if (await Task.WhenAny(listening.Task, exited, Task.Delay(TimeSpan.FromSeconds(60))) != listening.Task)
        {
            process.Kill(entireProcessTree: true);
            lock (output)
            {
                throw new InvalidOperationException($"{project} did not start:\n{output}");
            }
        }

        return new HostProcess(process, await listening.Task, output);
    }

    /// <summary>Configuration settings (<c>Database:Provider</c>) as the environment variables a process reads (<c>Database__Provider</c>).</summary>
    public static Dictionary<string, string> Environment(IEnumerable<KeyValuePair<string, string?>> settings) =>
        settings.Where(s => s.Value is not null).ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value!);

    /// <summary>What the process wrote so far (for assertion messages).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>SIGKILL: no shutdown, no flush, no finally blocks — a crash.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningOn();
}
