using System.ComponentModel.DataAnnotations;

namespace Marketplace.Workflows;

/// <summary>
/// Settings of the <c>Workflows:Limits</c> section: how large and how deep a workflow definition, its expressions and an
/// execution's parameters may be. Every parser checks them before its recursive work, so no document can exhaust the
/// stack; a document past one is refused with a 400 that names the limit's key.
/// </summary>
public sealed class WorkflowLimits
{
    public const string Section = "Workflows:Limits";

    /// <summary>Characters of a definition's YAML; also the size of the column that stores it.</summary>
    [Range(1024, 1024 * 1024, ErrorMessage = "Workflows:Limits:MaxDefinitionChars must be between {1} and {2}.")]
    public int MaxDefinitionChars { get; set; } = 1024 * 1024;

    /// <summary>Mappings and sequences open at once, the root mapping being the first (aliases count with what they stand for).</summary>
    [Range(8, 256, ErrorMessage = "Workflows:Limits:MaxYamlDepth must be between {1} and {2}.")]
    public int MaxYamlDepth { get; set; } = 64;

    /// <summary>Values of a definition (keys, scalars, mappings, sequences), with every alias counted as what it expands to.</summary>
    [Range(100, 10_000_000, ErrorMessage = "Workflows:Limits:MaxYamlNodes must be between {1} and {2}.")]
    public int MaxYamlNodes { get; set; } = 100_000;

    [Range(1, 1000, ErrorMessage = "Workflows:Limits:MaxStages must be between {1} and {2}.")]
    public int MaxStages { get; set; } = 200;

    /// <summary>Characters between <c>${{</c> and <c>}}</c>.</summary>
    [Range(16, 100_000, ErrorMessage = "Workflows:Limits:MaxExpressionChars must be between {1} and {2}.")]
    public int MaxExpressionChars { get; set; } = 2000;

    /// <summary>Height of an expression's tree: each <c>!</c>, parenthesis and operator is a level.</summary>
    [Range(2, 256, ErrorMessage = "Workflows:Limits:MaxExpressionDepth must be between {1} and {2}.")]
    public int MaxExpressionDepth { get; set; } = 64;

    /// <summary>Nesting of one parameter's value when an execution starts (<c>{"a":{"b":1}}</c> is 2).</summary>
    [Range(1, 60, ErrorMessage = "Workflows:Limits:MaxParameterDepth must be between {1} and {2}.")]
    public int MaxParameterDepth { get; set; } = 32;
}
