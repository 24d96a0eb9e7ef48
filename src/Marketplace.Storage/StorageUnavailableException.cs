namespace Marketplace.Storage;

/// <summary>The database file refuses writes (disk full, read-only, I/O error); the unit was rolled back.</summary>
public sealed class StorageUnavailableException(string message, Exception innerException) : Exception(message, innerException);
