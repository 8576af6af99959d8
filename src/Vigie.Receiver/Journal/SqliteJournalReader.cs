using Microsoft.Data.Sqlite;

namespace Vigie.Receiver.Journal;

/// <summary>
/// The journal in the station's SQLite file (vigie.db), read beside the writer (WAL). The feed's reads keep one
/// read-only connection; one writer gives ids in commit order, so reading after a cursor skips nothing.
/// </summary>
internal sealed class SqliteJournalReader(string databasePath) : IJournalReader, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private SqliteConnection? _feed;

    public IReadOnlyList<StoredSignal> List(string? account = null, long afterId = 0, int limit = int.MaxValue) =>
        new JournalQuery(databasePath).List(account, afterId, limit);

    public IReadOnlyList<PresenceRow> Presence() =>
        [.. new JournalQuery(databasePath).Presence().Select(p => new PresenceRow(p.Account, p.Receiver, p.Line, p.LastSeen, p.Transport))];

    public Task<long> LastIdAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(databasePath))
        {
            return Task.FromResult(0L);
        }
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(MAX(id), 0) FROM signals";
        return Task.FromResult(Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture));
    }

    public async Task<SignalPage> ReadAfterAsync(long cursor, int limit, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_feed is null)
            {
                // No file yet: the receiver has not started; nothing to read.
                if (!File.Exists(databasePath))
                {
                    return SignalPage.Empty(cursor);
                }
                _feed = new SqliteConnection(new SqliteConnectionStringBuilder
                {
                    DataSource = databasePath,
                    Mode = SqliteOpenMode.ReadOnly,
                    Pooling = false,
                    DefaultTimeout = 30,
                }.ToString());
                _feed.Open();
            }
            try
            {
                return Read(_feed, cursor, limit);
            }
            catch
            {
                // A broken connection is opened again on the next call.
                _feed.Dispose();
                _feed = null;
                throw;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private static SignalPage Read(SqliteConnection connection, long cursor, int limit)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT id, received_at, token, account, receiver, line, sequence, site_ref, data, content_hash, status, xdata
            FROM signals WHERE id > $after ORDER BY id LIMIT $limit
            """;
        command.Parameters.AddWithValue("$after", cursor);
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var signals = new List<JournalSignal>();
        var last = cursor;
        var read = 0;
        while (reader.Read())
        {
            read++;
            last = reader.GetInt64(0);
            if (JournalDecoding.Decode(last, ReceiverDatabase.FromUnixMs(reader.GetInt64(1)), reader.GetString(2), Text(reader, 3), Text(reader, 4),
                Text(reader, 5), reader.GetInt32(6), Text(reader, 7), Text(reader, 8), reader.GetInt64(9), reader.GetString(10), Text(reader, 11)) is { } signal)
            {
                signals.Add(signal);
            }
        }
        return new SignalPage(last, read, signals);
    }

    private static string? Text(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public void Dispose()
    {
        _feed?.Dispose();
        _gate.Dispose();
    }
}
