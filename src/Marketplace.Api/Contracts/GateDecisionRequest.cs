using System.ComponentModel.DataAnnotations;

namespace Marketplace.Api.Contracts;

/// <summary>An optional comment kept with an approve/reject decision.</summary>
public sealed record GateDecisionRequest([MaxLength(2000, ErrorMessage = "comment is at most 2000 characters.")] string? Comment);
