namespace Marketplace.Data.Jobs;

/// <summary>The kinds of leased jobs, as runners, logs and settings name them.</summary>
public static class JobKinds
{
    public const string Execution = "execution";
    public const string Import = "import";
    public const string Scan = "scan";
}
