namespace Marketplace.Data.Jobs;

/// <summary>What a fenced write does, which decides the job states in which the lease still lets it write.</summary>
public enum LeaseUse
{
    /// <summary>Starts or decides work: only while the job runs.</summary>
    Work,

    /// <summary>
    /// Records what already happened (an outcome, the heartbeat, putting work back): also while a pause winds the job
    /// down, since such facts are what the job continues from.
    /// </summary>
    Record,
}
