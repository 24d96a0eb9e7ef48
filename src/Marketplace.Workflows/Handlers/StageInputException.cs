namespace Marketplace.Workflows.Handlers;

/// <summary>A stage's resolved input has the wrong shape; retrying cannot help, but the policy still decides.</summary>
public sealed class StageInputException(string stageId, string input, string expected)
    : Exception($"Stage '{stageId}': input '{input}' must be {expected}.");
