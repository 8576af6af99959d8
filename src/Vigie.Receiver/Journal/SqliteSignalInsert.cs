using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Vigie.Receiver.Journal;

/// <summary>
/// The journal's one insert, prepared once and bound by position through SQLite's own API. The writer thread
/// runs it for every frame on the ACK's critical path: Microsoft.Data.Sqlite looks each named parameter up,
/// boxes every value and converts every string to a new UTF-8 array on each execution, which cost the writer
/// more than SQLite's own work in the profile (README, receiver section).
/// </summary>
internal sealed class SqliteSignalInsert : IDisposable
{
    private const string Sql = """
        INSERT INTO signals(id, received_at, transport, remote, token, account, receiver, line, sequence, panel_time, status, site_ref, data, xdata, events, raw, content_hash)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)
        """;

    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    public SqliteSignalInsert(SqliteConnection connection)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("the journal's connection is not open");
        Check(raw.sqlite3_prepare_v3(_db, Sql, raw.SQLITE_PREPARE_PERSISTENT, out _statement, out _));
    }

    /// <summary>Inserts one row inside the connection's open transaction.</summary>
    public void Insert(long id, JournalEntry entry)
    {
        try
        {
            Check(raw.sqlite3_bind_int64(_statement, 1, id));
            Check(raw.sqlite3_bind_int64(_statement, 2, ReceiverDatabase.ToUnixMs(entry.ReceivedAt)));
            Text(3, entry.Transport);
            Text(4, entry.Remote);
            Text(5, entry.Token);
            Text(6, entry.Account);
            Text(7, entry.Receiver);
            Text(8, entry.Line);
            Check(raw.sqlite3_bind_int64(_statement, 9, entry.Sequence));
            Check(entry.PanelTime is { } panelTime
                ? raw.sqlite3_bind_int64(_statement, 10, ReceiverDatabase.ToUnixMs(panelTime))
                : raw.sqlite3_bind_null(_statement, 10));
            Text(11, SignalStatusNames.Name(entry.Status));
            Text(12, entry.SiteReference);
            Text(13, entry.Data);
            Text(14, entry.ExtendedData);
            Text(15, entry.Events);
            Check(raw.sqlite3_bind_blob(_statement, 16, entry.Raw));
            Check(raw.sqlite3_bind_int64(_statement, 17, entry.ContentHash));
            var done = raw.sqlite3_step(_statement);
            if (done != raw.SQLITE_DONE)
            {
                Check(done);
            }
        }
        finally
        {
            // Resetting releases the statement's hold on the table; the next bind overwrites every parameter.
            raw.sqlite3_reset(_statement);
        }
    }

    private void Text(int index, string? value) =>
        Check(value is null ? raw.sqlite3_bind_null(_statement, index) : raw.sqlite3_bind_text16(_statement, index, value.AsSpan()));

    private void Check(int code)
    {
        if (code != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(code, _db);
        }
    }

    public void Dispose() => _statement.Dispose();
}
