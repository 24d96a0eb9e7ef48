using System.Diagnostics;

namespace Marketplace.Tests;

/// <summary>Starts tests/Marketplace.Data.WriterProcess as a real OS process with the given arguments.</summary>
internal static class WriterProcess
{
    public static Process Start(params string[] args) => Start(new Dictionary<string, string>(), args);

    /// <summary>Starts it with extra environment variables (configuration such as <c>Database__WriteQueue</c>).</summary>
    public static Process Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var writer = Path.Combine(AppContext.BaseDirectory, "Marketplace.Data.WriterProcess.dll");
        if (!File.Exists(writer))
        {
            // The project reference builds it into its own output folder; find it beside ours.
            var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
            writer = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "Marketplace.Data.WriterProcess", "bin", configuration, "net10.0", "Marketplace.Data.WriterProcess.dll"));
        }

        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(writer);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return Process.Start(start) ?? throw new InvalidOperationException("could not start the writer process");
    }
}
