namespace Marketplace.Data.Options;

/// <summary>Values accepted by <c>Database:WriteQueue</c>.</summary>
public static class WriteQueueModes
{
    /// <summary>On for a SQLite file database on Linux, off otherwise.</summary>
    public const string Auto = "Auto";

    /// <summary>On; start-up fails where the queue cannot work (PostgreSQL, an in-memory database, another OS).</summary>
    public const string On = "On";

    public const string Off = "Off";
}
