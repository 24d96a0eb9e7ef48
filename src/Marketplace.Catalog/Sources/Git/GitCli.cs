using System.Text;
using CliWrap;
using CliWrap.Buffered;
using Microsoft.Extensions.Options;

namespace Marketplace.Catalog.Sources.Git;

/// <summary>
/// Runs the git program (issue 14 chose the CLI over LibGit2Sharp: its native build has no ssh transport, and the CLI's
/// shallow fetch, protocol v2 and credential handling are what users' remotes expect). Each run is isolated from the
/// machine's git configuration (no system or global config, so no credential helpers or URL rewrites), may not prompt,
/// may only use the https, http, ssh, git and file transports, and gets a host's token (if configured) through its
/// environment as an HTTP header for that host alone. Every message it returns has the tokens blanked out.
/// </summary>
public sealed class GitCli(IOptions<GitOptions> options)
{
    /// <summary>Runs git in <paramref name="workingDirectory"/>; a non-zero exit throws <see cref="GitFetchException"/> with git's
    /// message.</summary>
    public async Task<string> RunAsync(string workingDirectory, IReadOnlyList<string> arguments, string? remoteHost,
        CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? environment = null)
    {
        var result = await Cli.Wrap(options.Value.Executable)
            .WithArguments(arguments)
            .WithWorkingDirectory(workingDirectory)
            .WithEnvironmentVariables(env =>
            {
                foreach (var (key, value) in Environment(remoteHost))
                {
                    env.Set(key, value);
                }

                foreach (var (key, value) in environment ?? new Dictionary<string, string>())
                {
                    env.Set(key, value);
                }
            })
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(Encoding.UTF8, cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new GitFetchException(Redact(FirstLines(result.StandardError)));
        }

        return result.StandardOutput;
    }

    /// <summary><paramref name="text"/> with every configured token replaced by <c>***</c>.</summary>
    public string Redact(string text)
    {
        foreach (var token in options.Value.Credentials.Values.Where(t => t.Length > 0))
        {
            text = text.Replace(token, "***", StringComparison.Ordinal);
            text = text.Replace(Basic(token), "***", StringComparison.Ordinal);
        }

        return text;
    }

    private Dictionary<string, string> Environment(string? remoteHost)
    {
        var env = new Dictionary<string, string>
        {
            ["GIT_TERMINAL_PROMPT"] = "0",
            ["GIT_ASKPASS"] = "",
            ["SSH_ASKPASS"] = "",
            ["GIT_SSH_COMMAND"] = "ssh -o BatchMode=yes",
            ["GIT_CONFIG_NOSYSTEM"] = "1",
            ["GIT_CONFIG_GLOBAL"] = "/dev/null",
            ["GIT_ALLOW_PROTOCOL"] = "https:http:ssh:git:file",
            ["LC_ALL"] = "C",
            ["GIT_CONFIG_COUNT"] = "0",
        };
        if (remoteHost is not null && options.Value.Credentials.TryGetValue(remoteHost, out var token) && token.Length > 0)
        {
            env["GIT_CONFIG_COUNT"] = "2";
            env["GIT_CONFIG_KEY_0"] = $"http.https://{remoteHost}/.extraHeader";
            env["GIT_CONFIG_VALUE_0"] = $"Authorization: Basic {Basic(token)}";
            env["GIT_CONFIG_KEY_1"] = $"http.http://{remoteHost}/.extraHeader";
            env["GIT_CONFIG_VALUE_1"] = $"Authorization: Basic {Basic(token)}";
        }

        return env;
    }

    private string Basic(string token) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.Value.CredentialUser}:{token}"));

    /// <summary>git's own message: its last few lines (progress noise comes first), at most 1000 characters.</summary>
    private static string FirstLines(string stderr)
    {
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.StartsWith("hint:", StringComparison.Ordinal)).TakeLast(3);
        var text = string.Join(" ", lines);
        return text.Length > 1000 ? text[..1000] : text.Length == 0 ? "git failed without a message." : text;
    }
}
