namespace Marketplace.Data;

/// <summary>A write broke a unique constraint; the unit was rolled back.</summary>
public sealed class DuplicateKeyException(string message, Exception innerException) : Exception(message, innerException);
