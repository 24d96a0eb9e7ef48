namespace Marketplace.Api.Contracts;

/// <summary>An optional comment kept with an approve/reject decision.</summary>
public sealed record GateDecisionRequest(string? Comment);
