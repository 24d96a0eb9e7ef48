using Marketplace.Data.Jobs;
using Marketplace.Data.Model;
using S = Marketplace.Data.Model.ScanJobStatus;
using T = Marketplace.Catalog.Scanning.ScanTrigger;

namespace Marketplace.Catalog.Scanning;

/// <summary>The scan job's state machine, the same kind of table as the import's and the workflow engine's.</summary>
internal static class ScanTransitions
{
    public static readonly TransitionTable<ScanJobStatus, ScanTrigger> Table = new(
        (S.Pending, T.Claim, S.Running),
        (S.Running, T.Claim, S.Running), // taken over after the holder's lease lapsed
        (S.Running, T.Complete, S.Completed),
        (S.Running, T.Fail, S.Failed),
        (S.Running, T.BackOff, S.Pending),
        (S.Running, T.Release, S.Pending));
}
