using Microsoft.AspNetCore.DataProtection;
using Npgsql;
using NpgsqlTypes;
using Vigie.Receiver.Journal.Postgres;

namespace Vigie.Receiver.Accounts;

/// <summary>
/// The account registry in the PostgreSQL database every station of a cluster shares (table receiver_accounts): an
/// account added on one station is taken up by every receiver within a second. Keys are stored encrypted with the
/// station's key ring, as in the SQLite registry.
/// </summary>
internal sealed class PostgresAccountStore : IAccountRegistry, IAsyncDisposable
{
    private readonly NpgsqlDataSource _database;
    private readonly TimeProvider _time;
    private readonly IDataProtector _keys;

    public PostgresAccountStore(string connectionString, TimeProvider time, IDataProtectionProvider protection)
    {
        ReceiverSchema.Migrate(connectionString);
        _database = NpgsqlDataSource.Create(connectionString);
        _time = time;
        _keys = protection.CreateProtector(AccountStore.KeyPurpose);
    }

    public int UpsertMany(IReadOnlyList<AccountRecord> records)
    {
        IAccountRegistry.ValidateAll(records);
        using var connection = _database.OpenConnection();
        using var transaction = connection.BeginTransaction();
        using (var command = new NpgsqlCommand("""
            INSERT INTO receiver_accounts(account, receiver, line, key, key_protected, key_format, site_ref, panel_clock, window_behind_s, window_ahead_s, allow_plain, updated_at)
            VALUES (@account, @receiver, @line, @key, true, @key_format, @site_ref, @panel_clock, @behind, @ahead, @allow_plain, @now)
            ON CONFLICT (account, receiver, line) DO UPDATE SET key = excluded.key, key_protected = true, key_format = excluded.key_format,
              allow_plain = excluded.allow_plain, site_ref = excluded.site_ref, panel_clock = excluded.panel_clock,
              window_behind_s = excluded.window_behind_s, window_ahead_s = excluded.window_ahead_s, updated_at = excluded.updated_at
            """, connection, transaction))
        {
            var account = command.Parameters.Add("account", NpgsqlDbType.Text);
            var receiver = command.Parameters.Add("receiver", NpgsqlDbType.Text);
            var line = command.Parameters.Add("line", NpgsqlDbType.Text);
            var key = command.Parameters.Add("key", NpgsqlDbType.Text);
            var keyFormat = command.Parameters.Add("key_format", NpgsqlDbType.Text);
            var site = command.Parameters.Add("site_ref", NpgsqlDbType.Text);
            var clock = command.Parameters.Add("panel_clock", NpgsqlDbType.Text);
            var behind = command.Parameters.Add("behind", NpgsqlDbType.Integer);
            var ahead = command.Parameters.Add("ahead", NpgsqlDbType.Integer);
            var allowPlain = command.Parameters.Add("allow_plain", NpgsqlDbType.Boolean);
            command.Parameters.AddWithValue("now", _time.GetUtcNow().UtcDateTime);
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
                allowPlain.Value = record.AllowPlain;
                command.ExecuteNonQuery();
            }
        }
        BumpVersion(connection, transaction);
        transaction.Commit();
        return records.Count;
    }

    public bool Remove(string account, string receiver = "", string line = "")
    {
        using var connection = _database.OpenConnection();
        using var transaction = connection.BeginTransaction();
        using var command = new NpgsqlCommand("DELETE FROM receiver_accounts WHERE account = @account AND receiver = @receiver AND line = @line", connection, transaction);
        command.Parameters.AddWithValue("account", account);
        command.Parameters.AddWithValue("receiver", receiver);
        command.Parameters.AddWithValue("line", line);
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
        using var connection = _database.OpenConnection();
        // One snapshot for the version and the rows: a change committed in between is seen with its own version next time.
        using var transaction = connection.BeginTransaction(System.Data.IsolationLevel.RepeatableRead);
        var version = Version(connection, transaction);
        using var command = new NpgsqlCommand("""
            SELECT account, receiver, line, key, key_format, site_ref, panel_clock, window_behind_s, window_ahead_s, allow_plain, key_protected
            FROM receiver_accounts ORDER BY account, receiver, line
            """, connection, transaction);
        using var reader = command.ExecuteReader();
        var records = new List<AccountRecord>();
        while (reader.Read())
        {
            records.Add(new AccountRecord
            {
                Account = reader.GetString(0),
                Receiver = reader.GetString(1),
                Line = reader.GetString(2),
                Key = reader.IsDBNull(3) ? null : reader.GetBoolean(10) ? Unprotect(reader.GetString(0), reader.GetString(3)) : reader.GetString(3),
                KeyFormat = AccountRecord.ParseKeyFormat(reader.GetString(4)),
                SiteReference = reader.IsDBNull(5) ? null : reader.GetString(5),
                PanelClock = reader.IsDBNull(6) ? null : reader.GetString(6),
                WindowBehindSeconds = reader.IsDBNull(7) ? null : reader.GetInt32(7),
                WindowAheadSeconds = reader.IsDBNull(8) ? null : reader.GetInt32(8),
                AllowPlain = reader.GetBoolean(9),
            });
        }
        return (version, records);
    }

    public long CurrentVersion()
    {
        using var connection = _database.OpenConnection();
        return Version(connection, null);
    }

    /// <summary>Keys in clear in the table (written by hand or by an older tool) are encrypted; the version stays.</summary>
    public int ProtectPlaintextKeys()
    {
        using var connection = _database.OpenConnection();
        using var transaction = connection.BeginTransaction();
        var count = PlaintextKeys.Protect(connection, transaction, _keys,
            "SELECT account, receiver, line, key FROM receiver_accounts WHERE key IS NOT NULL AND NOT key_protected FOR UPDATE",
            "UPDATE receiver_accounts SET key = @key, key_protected = true WHERE account = @account AND receiver = @receiver AND line = @line");
        transaction.Commit();
        return count;
    }

    private string Unprotect(string account, string protectedKey) =>
        PlaintextKeys.Unprotect(_keys, account, protectedKey, "this station's key ring (every station of a cluster needs the same key ring)");

    private static long Version(NpgsqlConnection connection, NpgsqlTransaction? transaction)
    {
        using var command = new NpgsqlCommand("SELECT version FROM receiver_registry_version WHERE id = 1", connection, transaction);
        return (long)command.ExecuteScalar()!;
    }

    private static void BumpVersion(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        using var command = new NpgsqlCommand("UPDATE receiver_registry_version SET version = version + 1 WHERE id = 1", connection, transaction);
        command.ExecuteNonQuery();
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();
}
