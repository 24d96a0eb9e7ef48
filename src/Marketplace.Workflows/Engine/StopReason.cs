namespace Marketplace.Workflows.Engine;

/// <summary>
/// Why a processor stopped driving its execution; the wind-down does what each leaves to do. Interrupted steps carry its wire name.
/// </summary>
internal enum StopReason
{
    None,
    Finished,
    Parked,
    Paused,
    Cancelled,
    LeaseLost,
    Shutdown,
    Crashed,
}
