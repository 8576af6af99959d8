using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Vigie.Storage;

/// <summary>
/// A few read-only connections kept open between reads (WAL lets them run beside the writer), so a read does
/// not pay for opening the file and parsing the schema each time.
/// </summary>
internal sealed class ReadConnections(string path) : IDisposable
{
    private const int KeptIdle = 4;
    private readonly ConcurrentBag<SqliteConnection> _idle = [];
    private volatile bool _closed;

    public SqliteConnection Rent()
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        return _idle.TryTake(out var connection) ? connection : LogDatabase.OpenForReading(path);
    }

    public void Return(SqliteConnection connection)
    {
        if (_closed || _idle.Count >= KeptIdle)
        {
            connection.Dispose();
            return;
        }
        _idle.Add(connection);
        if (_closed)
        {
            // Dispose ran between the check and the add.
            CloseIdle();
        }
    }

    public void Dispose()
    {
        _closed = true;
        CloseIdle();
    }

    private void CloseIdle()
    {
        while (_idle.TryTake(out var connection))
        {
            connection.Dispose();
        }
    }
}
