using System.Text;
using CliWrap;
using CliWrap.Buffered;
using Microsoft.Extensions.Options;

namespace Marketplace.Catalog.Sources.Git;

/// <summary>
/// Runs the git program (issue 14 chose the CLI over LibGit2Sharp 0.32 by measurement: a first fetch of one commit, shallow,
/// plus its checkout took 0.06–0.28 of LibGit2Sharp's clone of the same public marketplaces, whose local transport cannot
/// fetch shallow; the CLI also brings protocol v2 and the transports users' remotes expect). Each run is isolated from the
/// machine's git configuration (no system or global config, so no credential helpers or URL rewrites), may not prompt,
/// may only use the https, http, ssh, git and file transports, and gets a host's token (if configured) through its
/// environment as an HTTP header for that host alone. Every message it returns has the tokens blanked out.
/// </summary>
public sealed class GitCli(IOptions<GitOptions> options)
{
    /// <summary>
    /// Runs git in <paramref name="workingDirectory"/>; a non-zero exit throws <see cref="GitFetchException"/> with git's
    /// message. <paramref name="remote"/> is the URL the command reaches (its host's token, if any, goes with it), or null.
    /// </summary>
    public async Task<string> RunAsync(string workingDirectory, IReadOnlyList<string> arguments, string? remote,
        CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? environment = null)
    {
        var result = await Cli.Wrap(options.Value.Executable)
            .WithArguments(arguments)
            .WithWorkingDirectory(workingDirectory)
            .WithEnvironmentVariables(env =>
            {
                foreach (var (key, value) in Environment(remote))
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

    private Dictionary<string, string> Environment(string? remote)
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
        // Only for the remote's own scheme, host and port (git matches http.<url>.* on all three), so a redirect elsewhere
        // or another remote never sees it.
        if (remote is not null && RepositoryUrls.IsWeb(remote) && Uri.TryCreate(remote, UriKind.Absolute, out var uri)
            && options.Value.Credentials.TryGetValue(uri.Host, out var token) && token.Length > 0)
        {
            env["GIT_CONFIG_COUNT"] = "1";
            env["GIT_CONFIG_KEY_0"] = $"http.{uri.Scheme}://{uri.Authority}/.extraHeader";
            env["GIT_CONFIG_VALUE_0"] = $"Authorization: Basic {Basic(token)}";
        }

        return env;
    }

    private string Basic(string token) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.Value.CredentialUser}:{token}"));

    /// <summary>git's own message: its <c>fatal:</c> and <c>error:</c> lines (else its last lines), at most 1000 characters.</summary>
    private static string FirstLines(string stderr)
    {
        var all = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.StartsWith("hint:", StringComparison.Ordinal)).ToList();
        var errors = all.Where(l => l.StartsWith("fatal:", StringComparison.Ordinal) || l.StartsWith("error:", StringComparison.Ordinal))
            .ToList();
        var lines = (errors.Count > 0 ? errors : all).Take(3);
        var text = string.Join(" ", lines);
        return text.Length > 1000 ? text[..1000] : text.Length == 0 ? "git failed without a message." : text;
    }
}
