using Marketplace.Data.Jobs;

namespace Marketplace.Workflows.Engine;

/// <summary>An execution a runner has just claimed, with the snapshot it runs.</summary>
internal sealed record ClaimedExecution(Lease Lease, string Definition, string DefinitionHash, string? Parameters);
