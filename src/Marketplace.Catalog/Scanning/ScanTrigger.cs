namespace Marketplace.Catalog.Scanning;

/// <summary>What moves a scan job from one status to another (<see cref="ScanTransitions"/>).</summary>
internal enum ScanTrigger
{
    /// <summary>A runner takes it: a new job, one given back, or one whose runner's lease lapsed.</summary>
    Claim,

    /// <summary>The scan ran and its result is stored.</summary>
    Complete,

    /// <summary>The source could not be read (the reason is on the source too), or too many runs stopped on an error.</summary>
    Fail,

    /// <summary>A run stopped on an unexpected error: pending again after a back-off.</summary>
    BackOff,

    /// <summary>The runner stops (shutdown) and gives the job back.</summary>
    Release,
}
