namespace Marketplace.Catalog.Importing;

/// <summary>What moves an import job from one status to another (<see cref="ImportTransitions"/>).</summary>
internal enum ImportTrigger
{
    /// <summary>A runner takes it: a new job, one given back, or one whose runner's lease lapsed.</summary>
    Claim,

    /// <summary>Every entry imported or skipped.</summary>
    Complete,

    /// <summary>Some entries failed, others did not.</summary>
    CompletePartly,

    /// <summary>Every entry failed, the source can no longer be read, or too many runs in a row stopped on an error.</summary>
    Fail,

    /// <summary>A run stopped on an unexpected error: pending again after a back-off.</summary>
    BackOff,

    /// <summary>The runner stops (shutdown) and gives the job back.</summary>
    Release,

    /// <summary>A person cancels it: final at once; what committed stays.</summary>
    Cancel,

    /// <summary>A person puts a job that stopped early (failed, cancelled, or backing off) back to pending.</summary>
    Resume,
}
