namespace Marketplace.Data;

/// <summary>A write broke a CHECK, NOT NULL or foreign-key constraint; the unit was rolled back.</summary>
public sealed class ConstraintViolationException(string message, Exception innerException) : Exception(message, innerException);
