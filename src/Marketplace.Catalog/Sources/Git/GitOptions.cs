using System.ComponentModel.DataAnnotations;

namespace Marketplace.Catalog.Sources.Git;

/// <summary>Settings of the <c>Git</c> configuration section: where mirrors live and the limits of one fetch.</summary>
public sealed class GitOptions
{
    public const string Section = "Git";

    /// <summary>One mirror per source below this folder (relative paths resolve under the content root).</summary>
    [Required(ErrorMessage = "Git:MirrorsPath is required.")]
    public string MirrorsPath { get; set; } = "data/mirrors";

    /// <summary>The git program.</summary>
    [Required(ErrorMessage = "Git:Executable is required.")]
    public string Executable { get; set; } = "git";

    /// <summary>A fetch (or checkout) running longer is stopped and the scan fails with that reason.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "06:00:00", ErrorMessage = "Git:FetchTimeout must be between {1} and {2}.")]
    public TimeSpan FetchTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A mirror whose objects grow past this while fetching is stopped (the largest marketplace seen was 240 MB with
    /// history).</summary>
    [Range(1L << 20, 1L << 40, ErrorMessage = "Git:MaxFetchBytes must be between {1} and {2}.")]
    public long MaxFetchBytes { get; set; } = 1L << 30;

    /// <summary>A commit whose files add up to more than this is not checked out.</summary>
    [Range(1L << 20, 1L << 40, ErrorMessage = "Git:MaxCheckoutBytes must be between {1} and {2}.")]
    public long MaxCheckoutBytes { get; set; } = 1L << 30;

    /// <summary>
    /// A token per host (<c>Git:Credentials:github.com</c>), sent as HTTP basic authentication to that host only, through
    /// the environment of the git process: never in a URL, an argument, a log line or a response.
    /// </summary>
    public Dictionary<string, string> Credentials { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The user name sent with a token (GitHub takes any; GitLab wants <c>oauth2</c>).</summary>
    public string CredentialUser { get; set; } = "x-access-token";
}
