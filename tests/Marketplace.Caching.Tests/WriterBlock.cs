using Microsoft.Data.Sqlite;

namespace Marketplace.Caching.Tests;

/// <summary>
/// Holds the cache file's write lock from another connection (as another process would), so the cache's writer waits
/// in its busy handler and everything queued meanwhile lands in the next group; disposing releases it.
/// </summary>
internal sealed class WriterBlock : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;

    public WriterBlock(string file)
    {
        _connection = new SqliteConnection($"Data Source={file};Pooling=False");
        _connection.Open();
        _transaction = _connection.BeginTransaction(deferred: false);
    }

    public void Dispose()
    {
        _transaction.Dispose();
        _connection.Dispose();
    }
}
