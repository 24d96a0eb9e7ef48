using System.Text.Json.Nodes;

namespace Marketplace.Data.Jobs;

/// <summary>An event to append to an import or scan job's stream.</summary>
public sealed record NewJobEvent(string Type, JsonObject? Data = null);
