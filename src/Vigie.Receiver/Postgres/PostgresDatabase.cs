using System.Net.Sockets;
using Npgsql;

namespace Vigie.Receiver.Postgres;

/// <summary>Why the shared database cannot be used: the setting is not a connection string, or the server does not answer.</summary>
public enum PostgresProblem
{
    BadConnectionString,
    Unreachable,
}

/// <summary>
/// The PostgreSQL setting (--postgres, Receiver:Postgres) refused: a kind and a reason, with the password never in it
/// (the connection string is a secret).
/// </summary>
public sealed class PostgresSettingException(PostgresProblem problem, string where, string reason, Exception? inner = null)
    : InvalidOperationException($"--postgres (Receiver:Postgres): {(problem == PostgresProblem.BadConnectionString ? "not a valid connection string" : $"cannot reach PostgreSQL {where}")}: {reason}", inner)
{
    public PostgresProblem Problem { get; } = problem;
}

/// <summary>Checks the shared database's connection string before a command or a station relies on it.</summary>
public static class PostgresDatabase
{
    /// <summary>Parses the connection string (Npgsql form); a clear refusal naming the option, without the password.</summary>
    public static NpgsqlConnectionStringBuilder Parse(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            if (string.IsNullOrWhiteSpace(builder.Host))
            {
                throw new PostgresSettingException(PostgresProblem.BadConnectionString, "", "no Host (Host=…;Port=…;Username=…;Database=…)");
            }
            return builder;
        }
        catch (Exception error) when (error is ArgumentException or FormatException or KeyNotFoundException or InvalidCastException or OverflowException)
        {
            throw new PostgresSettingException(PostgresProblem.BadConnectionString, "", Mask(error.Message, connectionString) + " (expected Host=…;Port=…;Username=…;Database=…)");
        }
    }

    /// <summary>Opens one connection and runs a trivial query: the server answers and lets us in, or a clear refusal.</summary>
    public static async Task CheckAsync(string connectionString, CancellationToken cancellation)
    {
        var builder = Parse(connectionString);
        var where = $"at {builder.Host}:{builder.Port}{(builder.Database is { Length: > 0 } db ? "/" + db : "")}";
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellation);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellation);
        }
        catch (Exception error) when (error is NpgsqlException or SocketException or TimeoutException or IOException)
        {
            var reason = error is PostgresException server ? $"{server.SqlState} {server.MessageText}" : (error.InnerException ?? error).Message;
            throw new PostgresSettingException(PostgresProblem.Unreachable, where, Mask(reason, connectionString), error);
        }
    }

    /// <summary>The text with the connection string's password (and the whole string) taken out, for messages and logs.</summary>
    public static string Mask(string text, string connectionString)
    {
        var masked = text.Replace(connectionString, "(connection string)", StringComparison.Ordinal);
        try
        {
            if (new NpgsqlConnectionStringBuilder(connectionString).Password is { Length: > 0 } password)
            {
                masked = masked.Replace(password, "***", StringComparison.Ordinal);
            }
        }
        catch (ArgumentException)
        {
            // Not parseable: only the whole string could be recognised, and it was.
        }
        return masked;
    }
}
