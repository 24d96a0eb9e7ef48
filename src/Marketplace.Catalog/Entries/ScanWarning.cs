namespace Marketplace.Catalog.Entries;

/// <summary>Something a scan skipped or could not use, and why: a link, an unusable name, a limit, a malformed manifest.</summary>
public sealed record ScanWarning(string Path, string Message);
