using System.Globalization;
using Microsoft.Data.Sqlite;
using Vigie.Receiver.Journal;

namespace Vigie.Receiver.Accounts;

/// <summary>
/// The account registry in the station's database. Every change bumps a version number that running
/// receivers watch, so `vigie accounts add` takes effect without a restart.
/// </summary>
public sealed class AccountStore(string databasePath, TimeProvider time)
{
    public void Upsert(AccountRecord record) => UpsertMany([record]);

    /// <summary>Adds or replaces accounts in one transaction: all of them are valid, or none is written.</summary>
    public int UpsertMany(IReadOnlyList<AccountRecord> records)
    {
        for (var i = 0; i < records.Count; i++)
        {
            var errors = records[i].Validate();
            if (errors.Count > 0)
            {
                throw new AccountValidationException(i, records[i].Account, errors);
            }
        }
        using var connection = ReceiverDatabase.Open(databasePath);
        using var transaction = connection.BeginTransaction(deferred: false);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO accounts(account, receiver, line, key, key_format, site_ref, panel_clock, window_behind_s, window_ahead_s, updated_at)
            VALUES ($account, $receiver, $line, $key, $key_format, $site_ref, $panel_clock, $behind, $ahead, $now)
            ON CONFLICT(account, receiver, line) DO UPDATE SET key = excluded.key, key_format = excluded.key_format,
              site_ref = excluded.site_ref, panel_clock = excluded.panel_clock, window_behind_s = excluded.window_behind_s,
              window_ahead_s = excluded.window_ahead_s, updated_at = excluded.updated_at
            """;
        var account = command.Parameters.Add("$account", SqliteType.Text);
        var receiver = command.Parameters.Add("$receiver", SqliteType.Text);
        var line = command.Parameters.Add("$line", SqliteType.Text);
        var key = command.Parameters.Add("$key", SqliteType.Text);
        var keyFormat = command.Parameters.Add("$key_format", SqliteType.Text);
        var site = command.Parameters.Add("$site_ref", SqliteType.Text);
        var clock = command.Parameters.Add("$panel_clock", SqliteType.Text);
        var behind = command.Parameters.Add("$behind", SqliteType.Integer);
        var ahead = command.Parameters.Add("$ahead", SqliteType.Integer);
        command.Parameters.AddWithValue("$now", ReceiverDatabase.ToUnixMs(time.GetUtcNow().UtcDateTime));
        foreach (var record in records)
        {
            account.Value = record.Account;
            receiver.Value = record.Receiver;
            line.Value = record.Line;
            key.Value = (object?)record.Key ?? DBNull.Value;
            keyFormat.Value = AccountRecord.KeyFormatName(record.KeyFormat);
            site.Value = (object?)record.SiteReference ?? DBNull.Value;
            clock.Value = (object?)record.PanelClock ?? DBNull.Value;
            behind.Value = (object?)record.WindowBehindSeconds ?? DBNull.Value;
            ahead.Value = (object?)record.WindowAheadSeconds ?? DBNull.Value;
            command.ExecuteNonQuery();
        }
        BumpVersion(connection, transaction);
        transaction.Commit();
        return records.Count;
    }

    public bool Remove(string account, string receiver = "", string line = "")
    {
        using var connection = ReceiverDatabase.Open(databasePath);
        using var transaction = connection.BeginTransaction(deferred: false);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "DELETE FROM accounts WHERE account = $account AND receiver = $receiver AND line = $line";
        command.Parameters.AddWithValue("$account", account);
        command.Parameters.AddWithValue("$receiver", receiver);
        command.Parameters.AddWithValue("$line", line);
        var removed = command.ExecuteNonQuery() > 0;
        if (removed)
        {
            BumpVersion(connection, transaction);
        }
        transaction.Commit();
        return removed;
    }

    public (long Version, IReadOnlyList<AccountRecord> Accounts) Load()
    {
        using var connection = ReceiverDatabase.Open(databasePath);
        using var transaction = connection.BeginTransaction();
        var version = Version(connection, transaction);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT account, receiver, line, key, key_format, site_ref, panel_clock, window_behind_s, window_ahead_s FROM accounts ORDER BY account, receiver, line";
        using var reader = command.ExecuteReader();
        var records = new List<AccountRecord>();
        while (reader.Read())
        {
            records.Add(new AccountRecord
            {
                Account = reader.GetString(0),
                Receiver = reader.GetString(1),
                Line = reader.GetString(2),
                Key = reader.IsDBNull(3) ? null : reader.GetString(3),
                KeyFormat = AccountRecord.ParseKeyFormat(reader.GetString(4)),
                SiteReference = reader.IsDBNull(5) ? null : reader.GetString(5),
                PanelClock = reader.IsDBNull(6) ? null : reader.GetString(6),
                WindowBehindSeconds = reader.IsDBNull(7) ? null : reader.GetInt32(7),
                WindowAheadSeconds = reader.IsDBNull(8) ? null : reader.GetInt32(8),
            });
        }
        return (version, records);
    }

    /// <summary>The registry's change counter: cheap enough to read every second.</summary>
    public long CurrentVersion()
    {
        using var connection = ReceiverDatabase.Open(databasePath);
        return Version(connection, null);
    }

    private static long Version(SqliteConnection connection, SqliteTransaction? transaction) =>
        Convert.ToInt64(ReceiverDatabase.Scalar(connection, "SELECT version FROM registry_version WHERE id = 1", transaction), CultureInfo.InvariantCulture);

    private static void BumpVersion(SqliteConnection connection, SqliteTransaction transaction) =>
        ReceiverDatabase.Execute(connection, "UPDATE registry_version SET version = version + 1 WHERE id = 1", transaction);
}

public sealed class AccountValidationException(int index, string account, IReadOnlyList<string> errors)
    : Exception($"account #{index + 1} ('{account}') is not valid: {string.Join("; ", errors)}")
{
    public int Index { get; } = index;
    public IReadOnlyList<string> Errors { get; } = errors;
}
