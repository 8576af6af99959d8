using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Vigie.Receiver.Journal;

/// <summary>A stored signal as the station reads it back.</summary>
public sealed record StoredSignal(
    long Id,
    DateTime ReceivedAt,
    string Transport,
    string? Remote,
    string Token,
    string? Account,
    string? Receiver,
    string? Line,
    int Sequence,
    DateTime? PanelTime,
    SignalStatus Status,
    string? SiteReference,
    string? Data,
    string? ExtendedData,
    string? Events,
    byte[] Raw)
{
    /// <summary>One JSON object: the contract of `vigie journal list --json`.</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteNumber("id", Id);
            json.WriteString("account", Account);
            json.WriteNumber("sequence", Sequence);
            json.WriteString("token", Token);
            json.WriteString("received", ReceivedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteString("status", SignalStatusNames.Name(Status));
            json.WriteString("transport", Transport);
            json.WriteString("remote", Remote);
            json.WriteString("receiver", Receiver);
            json.WriteString("line", Line);
            if (PanelTime is { } panel)
            {
                json.WriteString("panel_time", panel.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            }
            json.WriteString("site", SiteReference);
            json.WriteString("data", Data);
            json.WriteString("extended_data", ExtendedData);
            json.WritePropertyName("events");
            if (Events is null)
            {
                json.WriteStartArray();
                json.WriteEndArray();
            }
            else
            {
                json.WriteRawValue(Events);
            }
            json.WriteString("raw", Encoding.Latin1.GetString(Raw).Trim('\n', '\r'));
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}

/// <summary>Reads the journal (another connection than the writer's: WAL lets readers run beside it).</summary>
public sealed class JournalQuery(string databasePath)
{
    public IReadOnlyList<StoredSignal> List(string? account = null, long afterId = 0, int limit = int.MaxValue)
    {
        if (!File.Exists(databasePath))
        {
            throw new FileNotFoundException($"no station database at {databasePath} (has `vigie serve` run with this --data?)", databasePath);
        }
        using var connection = ReceiverDatabase.Open(databasePath);
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT id, received_at, transport, remote, token, account, receiver, line, sequence, panel_time, status, site_ref, data, xdata, events, raw
            FROM signals WHERE id > $after AND ($account IS NULL OR account = $account) ORDER BY id LIMIT $limit
            """;
        command.Parameters.AddWithValue("$after", afterId);
        command.Parameters.AddWithValue("$account", (object?)account ?? DBNull.Value);
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var result = new List<StoredSignal>();
        while (reader.Read())
        {
            result.Add(new StoredSignal(
                reader.GetInt64(0),
                ReceiverDatabase.FromUnixMs(reader.GetInt64(1)),
                reader.GetString(2),
                NullableString(reader, 3),
                reader.GetString(4),
                NullableString(reader, 5),
                NullableString(reader, 6),
                NullableString(reader, 7),
                reader.GetInt32(8),
                reader.IsDBNull(9) ? null : ReceiverDatabase.FromUnixMs(reader.GetInt64(9)),
                SignalStatusNames.Parse(reader.GetString(10)),
                NullableString(reader, 11),
                NullableString(reader, 12),
                NullableString(reader, 13),
                NullableString(reader, 14),
                (byte[])reader.GetValue(15)));
        }
        return result;
    }

    /// <summary>Last time each account was heard from (any message, NULL link tests included).</summary>
    public IReadOnlyList<(string Account, string Receiver, string Line, DateTime LastSeen, string Transport)> Presence()
    {
        using var connection = ReceiverDatabase.Open(databasePath);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT account, receiver, line, last_seen, transport FROM presence ORDER BY account";
        using var reader = command.ExecuteReader();
        var result = new List<(string, string, string, DateTime, string)>();
        while (reader.Read())
        {
            result.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), ReceiverDatabase.FromUnixMs(reader.GetInt64(3)), reader.GetString(4)));
        }
        return result;
    }

    private static string? NullableString(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
