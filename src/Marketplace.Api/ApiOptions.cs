namespace Marketplace.Api;

/// <summary>Settings of the <c>Api</c> configuration section.</summary>
internal sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>When any is set, every endpoint but health requires <c>Authorization: Bearer &lt;key&gt;</c>.</summary>
    public List<string> Keys { get; set; } = [];
}
