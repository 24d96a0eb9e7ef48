namespace Marketplace.Api.Contracts;

/// <summary>A workflow definition to create or replace: the YAML document (DESIGN §6) in <c>yaml</c>.</summary>
public sealed record WorkflowRequest(string? Yaml);
