namespace Marketplace.Data;

/// <summary>The request conflicts with the current state (a duplicate, or a transition from the wrong state).</summary>
public sealed class ConflictException(string message) : Exception(message);
