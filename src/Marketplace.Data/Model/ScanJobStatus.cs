namespace Marketplace.Data.Model;

/// <summary>State of a scan job; a running one whose lease lapsed is taken over by the next runner.</summary>
public enum ScanJobStatus
{
    Pending,
    Running,
    Completed,
    Failed
}
