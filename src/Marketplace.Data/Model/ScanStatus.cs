namespace Marketplace.Data.Model;

/// <summary>Where a source's last scan stands.</summary>
public enum ScanStatus
{
    NotScanned,
    Scanning,
    Succeeded,
    Failed
}
