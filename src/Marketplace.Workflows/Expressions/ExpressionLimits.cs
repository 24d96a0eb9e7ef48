namespace Marketplace.Workflows.Expressions;

/// <summary>How long an expression's text and how high its tree may be (<see cref="WorkflowLimits"/>).</summary>
internal sealed record ExpressionLimits(int MaxChars, int MaxDepth)
{
    public static readonly ExpressionLimits Default = From(new WorkflowLimits());

    public static ExpressionLimits From(WorkflowLimits limits) => new(limits.MaxExpressionChars, limits.MaxExpressionDepth);
}
