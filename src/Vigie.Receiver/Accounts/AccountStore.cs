using System.Globalization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Vigie.Receiver.Journal;

namespace Vigie.Receiver.Accounts;

/// <summary>
/// The account registry in the station's database. Every change bumps a version number that running
/// receivers watch, so `vigie accounts add` takes effect without a restart. Panel keys are stored encrypted with
/// the station's key ring (<see cref="StationKeyRing"/>): a copy of vigie.db alone does not give them away.
/// </summary>
public sealed class AccountStore(string databasePath, TimeProvider time, IDataProtectionProvider protection) : IAccountRegistry
{
    /// <summary>The data-protection purpose of panel keys: no other secret of the ring can be read as one.</summary>
    public const string KeyPurpose = "Vigie.Receiver.PanelKeys.v1";

    private readonly IDataProtector _keys = protection.CreateProtector(KeyPurpose);

    /// <summary>The registry of a data folder (vigie.db and the key ring beside it).</summary>
    public static AccountStore ForDataFolder(string dataDirectory, TimeProvider time) =>
        new(Path.Combine(dataDirectory, "vigie.db"), time, StationKeyRing.Open(dataDirectory));

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
            INSERT INTO accounts(account, receiver, line, key, key_protected, key_format, site_ref, panel_clock, window_behind_s, window_ahead_s, allow_plain, updated_at)
            VALUES ($account, $receiver, $line, $key, 1, $key_format, $site_ref, $panel_clock, $behind, $ahead, $allow_plain, $now)
            ON CONFLICT(account, receiver, line) DO UPDATE SET key = excluded.key, key_protected = 1, key_format = excluded.key_format,
              allow_plain = excluded.allow_plain,
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
        var allowPlain = command.Parameters.Add("$allow_plain", SqliteType.Integer);
        command.Parameters.AddWithValue("$now", ReceiverDatabase.ToUnixMs(time.GetUtcNow().UtcDateTime));
        foreach (var record in records)
        {
            account.Value = record.Account;
            receiver.Value = record.Receiver;
            line.Value = record.Line;
            key.Value = record.Key is null ? DBNull.Value : _keys.Protect(record.Key);
            keyFormat.Value = AccountRecord.KeyFormatName(record.KeyFormat);
            site.Value = (object?)record.SiteReference ?? DBNull.Value;
            clock.Value = (object?)record.PanelClock ?? DBNull.Value;
            behind.Value = (object?)record.WindowBehindSeconds ?? DBNull.Value;
            ahead.Value = (object?)record.WindowAheadSeconds ?? DBNull.Value;
            allowPlain.Value = record.AllowPlain ? 1 : 0;
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
        command.CommandText = "SELECT account, receiver, line, key, key_format, site_ref, panel_clock, window_behind_s, window_ahead_s, allow_plain, key_protected FROM accounts ORDER BY account, receiver, line";
        using var reader = command.ExecuteReader();
        var records = new List<AccountRecord>();
        while (reader.Read())
        {
            records.Add(new AccountRecord
            {
                Account = reader.GetString(0),
                Receiver = reader.GetString(1),
                Line = reader.GetString(2),
                Key = reader.IsDBNull(3) ? null : reader.GetInt32(10) == 1 ? Unprotect(reader.GetString(0), reader.GetString(3)) : reader.GetString(3),
                KeyFormat = AccountRecord.ParseKeyFormat(reader.GetString(4)),
                SiteReference = reader.IsDBNull(5) ? null : reader.GetString(5),
                PanelClock = reader.IsDBNull(6) ? null : reader.GetString(6),
                WindowBehindSeconds = reader.IsDBNull(7) ? null : reader.GetInt32(7),
                WindowAheadSeconds = reader.IsDBNull(8) ? null : reader.GetInt32(8),
                AllowPlain = reader.GetInt32(9) == 1,
            });
        }
        return (version, records);
    }

    /// <summary>
    /// Encrypts the keys an older vigie.db holds in clear (before keys were protected at rest); returns how many.
    /// One transaction: every key is encrypted, or none is changed. The registry's version stays: nothing changed for a receiver.
    /// </summary>
    public int ProtectPlaintextKeys()
    {
        using var connection = ReceiverDatabase.Open(databasePath);
        using var transaction = connection.BeginTransaction(deferred: false);
        var count = PlaintextKeys.Protect(connection, transaction, _keys,
            "SELECT account, receiver, line, key FROM accounts WHERE key IS NOT NULL AND key_protected = 0",
            "UPDATE accounts SET key = @key, key_protected = 1 WHERE account = @account AND receiver = @receiver AND line = @line");
        transaction.Commit();
        return count;
    }

    private string Unprotect(string account, string protectedKey) =>
        PlaintextKeys.Unprotect(_keys, account, protectedKey, "the station's key ring (the data folder's 'keys' folder was lost or replaced?)");

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
