using Npgsql;
using NpgsqlTypes;

namespace Vigie.Receiver.Journal.Postgres;

/// <summary>
/// Reads the shared journal. With several stations writing, ids (one sequence) are taken in one order and committed in
/// another: a reader that saw id 11 committed may not yet see id 10, still in flight on the other station, and a cursor
/// moved past 11 would skip 10 for ever. So the feed reads in three steps: the highest id committed now; then a wait
/// for every writer transaction in flight (each holds <see cref="PostgresSignalJournal.InFlightLock"/> shared from
/// before it takes ids until its commit: taking it exclusively waits for them, an instant); then the rows up to that
/// id. Any row below it was taken by a transaction that held the lock before that id existed, so it is committed (or
/// rolled back) by then.
/// </summary>
internal sealed class PostgresJournalReader(string connectionString) : IJournalReader, IAsyncDisposable
{
    private const string Columns = "id, received_at, transport, remote, token, account, receiver, line, sequence, panel_time, status, site_ref, data, xdata, events, raw";

    private readonly NpgsqlDataSource _database = NpgsqlDataSource.Create(connectionString);

    public IReadOnlyList<StoredSignal> List(string? account = null, long afterId = 0, int limit = int.MaxValue)
    {
        using var connection = _database.OpenConnection();
        using var command = new NpgsqlCommand($"""
            SELECT {Columns} FROM receiver_signals
            WHERE id > @after AND (@account::text IS NULL OR account = @account) ORDER BY id LIMIT @limit
            """, connection);
        command.Parameters.AddWithValue("after", afterId);
        command.Parameters.Add(new NpgsqlParameter<string?>("account", NpgsqlDbType.Text) { TypedValue = account });
        command.Parameters.AddWithValue("limit", (long)limit);
        using var reader = command.ExecuteReader();
        var result = new List<StoredSignal>();
        while (reader.Read())
        {
            result.Add(new StoredSignal(
                reader.GetInt64(0),
                reader.GetDateTime(1),
                reader.GetString(2),
                Text(reader, 3),
                reader.GetString(4),
                Text(reader, 5),
                Text(reader, 6),
                Text(reader, 7),
                reader.GetInt32(8),
                reader.IsDBNull(9) ? null : reader.GetDateTime(9),
                SignalStatusNames.Parse(reader.GetString(10)),
                Text(reader, 11),
                Text(reader, 12),
                Text(reader, 13),
                Text(reader, 14),
                (byte[])reader.GetValue(15)));
        }
        return result;
    }

    public IReadOnlyList<PresenceRow> Presence()
    {
        using var connection = _database.OpenConnection();
        using var command = new NpgsqlCommand("SELECT account, receiver, line, last_seen, transport FROM receiver_presence ORDER BY account", connection);
        using var reader = command.ExecuteReader();
        var result = new List<PresenceRow>();
        while (reader.Read())
        {
            result.Add(new PresenceRow(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetDateTime(3), reader.GetString(4)));
        }
        return result;
    }

    public async Task<long> LastIdAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await HighestId(connection, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<long> HighestId(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var highest = new NpgsqlCommand("SELECT COALESCE(MAX(id), 0) FROM receiver_signals", connection);
        return (long)(await highest.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    public async Task<SignalPage> ReadAfterAsync(long cursor, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var horizon = await HighestId(connection, cancellationToken).ConfigureAwait(false);
        if (horizon <= cursor)
        {
            return SignalPage.Empty(cursor);
        }
        await WaitForWritersInFlight(connection, cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("""
            SELECT id, received_at, token, account, receiver, line, sequence, site_ref, data, content_hash, status, xdata
            FROM receiver_signals WHERE id > @after AND id <= @horizon ORDER BY id LIMIT @limit
            """, connection);
        command.Parameters.AddWithValue("after", cursor);
        command.Parameters.AddWithValue("horizon", horizon);
        command.Parameters.AddWithValue("limit", (long)limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var signals = new List<JournalSignal>();
        var last = cursor;
        var read = 0;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            read++;
            last = reader.GetInt64(0);
            if (JournalDecoding.Decode(last, reader.GetDateTime(1), reader.GetString(2), Text(reader, 3), Text(reader, 4), Text(reader, 5),
                reader.GetInt32(6), Text(reader, 7), Text(reader, 8), reader.GetInt64(9), reader.GetString(10), Text(reader, 11)) is { } signal)
            {
                signals.Add(signal);
            }
        }
        return new SignalPage(last, read, signals);
    }

    /// <summary>Takes and drops the in-flight lock exclusively: returns once every writer transaction begun before is over.</summary>
    private static async Task WaitForWritersInFlight(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var barrier = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@lock)", connection, transaction))
        {
            barrier.Parameters.AddWithValue("lock", PostgresSignalJournal.InFlightLock);
            await barrier.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public ValueTask DisposeAsync() => _database.DisposeAsync();
}
