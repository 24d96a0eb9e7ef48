using System.ComponentModel.DataAnnotations;

namespace Marketplace.Api;

/// <summary>Settings of the <c>Api</c> configuration section.</summary>
internal sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>
    /// When any is set, every endpoint but health and the API reference requires <c>Authorization: Bearer &lt;key&gt;</c>.
    /// </summary>
    public List<string> Keys { get; set; } = [];

    /// <summary>A larger request body is refused with 400 before it is read to its end (16 MiB holds the largest catalog upload).</summary>
    [Range(1024, 1L << 30, ErrorMessage = "Api:MaxRequestBodyBytes must be between {1} and {2}.")]
    public long MaxRequestBodyBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>JSON bodies nested deeper than this (objects and arrays) are refused with 400 while they are read.</summary>
    [Range(4, 256, ErrorMessage = "Api:MaxJsonDepth must be between {1} and {2}.")]
    public int MaxJsonDepth { get; set; } = 64;

    /// <summary>
    /// The longest <c>Prefer: wait=N</c> (RFC 7240) an import or scan request is held for its result; a longer wish waits
    /// this long, and <c>Preference-Applied</c> says so.
    /// </summary>
    [Range(0, 3600, ErrorMessage = "Api:MaxPreferWaitSeconds must be between {1} and {2}.")]
    public int MaxPreferWaitSeconds { get; set; } = 120;
}
