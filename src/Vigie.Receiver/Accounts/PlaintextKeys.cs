using System.Data.Common;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Vigie.Receiver.Accounts;

/// <summary>
/// Encrypting the keys a registry still holds in clear, and opening them, the same on SQLite and PostgreSQL: the stores differ only in
/// their table and SQL dialect, given as the two statements (parameters @key, @account, @receiver, @line).
/// </summary>
internal static class PlaintextKeys
{
    /// <summary>Encrypts every key the select returns within the transaction; returns how many.</summary>
    public static int Protect(DbConnection connection, DbTransaction transaction, IDataProtector keys, string selectPlain, string updateKey)
    {
        var plain = new List<(string Account, string Receiver, string Line, string Key)>();
        using (var select = connection.CreateCommand())
        {
            select.Transaction = transaction;
            select.CommandText = selectPlain;
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                plain.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
            }
        }
        using var update = connection.CreateCommand();
        update.Transaction = transaction;
        update.CommandText = updateKey;
        var key = Parameter(update, "key");
        var account = Parameter(update, "account");
        var receiver = Parameter(update, "receiver");
        var line = Parameter(update, "line");
        foreach (var row in plain)
        {
            key.Value = keys.Protect(row.Key);
            account.Value = row.Account;
            receiver.Value = row.Receiver;
            line.Value = row.Line;
            update.ExecuteNonQuery();
        }
        return plain.Count;
    }

    /// <summary>An account's key, decrypted; a key ring that cannot open it is named with <paramref name="likelyCause"/>.</summary>
    public static string Unprotect(IDataProtector keys, string account, string protectedKey, string likelyCause)
    {
        try
        {
            return keys.Unprotect(protectedKey);
        }
        catch (CryptographicException error)
        {
            throw new InvalidOperationException($"account {account}: its key cannot be decrypted with {likelyCause}", error);
        }
    }

    private static DbParameter Parameter(DbCommand command, string name)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@" + name;
        parameter.DbType = System.Data.DbType.String;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
