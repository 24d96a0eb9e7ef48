using Marketplace.Data.Jobs;
using Marketplace.Data.Model;
using S = Marketplace.Data.Model.ImportStatus;
using T = Marketplace.Catalog.Importing.ImportTrigger;

namespace Marketplace.Catalog.Importing;

/// <summary>
/// The import job's state machine (DESIGN §5b), the same kind of table as the workflow engine's: the runner's claims and
/// writes and the API's cancel and resume all take their conditions from it.
/// </summary>
internal static class ImportTransitions
{
    public static readonly TransitionTable<ImportStatus, ImportTrigger> Table = new(
        (S.Pending, T.Claim, S.Running),
        (S.Running, T.Claim, S.Running), // taken over after the holder's lease lapsed
        (S.Interrupted, T.Claim, S.Running), // stored by earlier versions: finished now by any runner
        (S.Running, T.Complete, S.Completed),
        (S.Running, T.CompletePartly, S.Partial),
        (S.Running, T.Fail, S.Failed),
        (S.Running, T.BackOff, S.Pending),
        (S.Running, T.Release, S.Pending),
        (S.Pending, T.Cancel, S.Cancelled),
        (S.Running, T.Cancel, S.Cancelled),
        (S.Interrupted, T.Cancel, S.Cancelled),
        (S.Pending, T.Resume, S.Pending), // backing off: claimable at once
        (S.Failed, T.Resume, S.Pending),
        (S.Cancelled, T.Resume, S.Pending));

    /// <summary>Ended: nothing more happens unless it is resumed, and its event stream ends at its <c>job_finished</c>.</summary>
    public static bool IsFinished(ImportStatus status) => status is S.Completed or S.Partial or S.Failed or S.Cancelled;

    /// <summary>How a run that reached the end of its plan finishes, by its counts.</summary>
    public static ImportStatus Finished(int imported, int skipped, int failed) =>
        Table.To(S.Running, failed == 0 ? T.Complete : imported + skipped == 0 ? T.Fail : T.CompletePartly);
}
