namespace Marketplace.Workflows.Management;

/// <summary>One stage as planned: stages of one level may run in parallel.</summary>
public sealed record StageInfo(string Id, string Name, string Type, IReadOnlyList<string> DependsOn, int Level);
