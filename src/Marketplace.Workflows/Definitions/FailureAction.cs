namespace Marketplace.Workflows.Definitions;

/// <summary>After the last attempt fails: stop the execution, carry on as if it succeeded, or skip what depends on it.</summary>
public enum FailureAction
{
    Halt,
    Continue,
    SkipDependents,
}
