namespace Marketplace.Api.Contracts;

/// <summary>One check of a health report; <c>data</c> holds its figures (names and values differ per check).</summary>
public sealed record HealthCheckEntry(string Status, string? Description, IReadOnlyDictionary<string, object> Data);
