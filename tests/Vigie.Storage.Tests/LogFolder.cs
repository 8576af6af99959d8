using Microsoft.Data.Sqlite;
using NodaTime;

namespace Vigie.Storage.Tests;

/// <summary>A fresh folder for one test's log file, deleted afterwards; the log lives in a subfolder Open must create.</summary>
public sealed class LogFolder : IDisposable
{
    private static readonly Instant Start = Instant.FromUtc(2025, 3, 1, 12, 0);

    public LogFolder()
    {
        Root = Path.Combine(Path.GetTempPath(), "vigie-storage-tests", Guid.NewGuid().ToString("N"));
        DatabasePath = Path.Combine(Root, "data", "events.db");
    }

    public string Root { get; }
    public string DatabasePath { get; }

    public EventLog Open(bool synchronousFull = true, int streamCacheCapacity = 200_000) => EventLog.Open(new EventLogOptions
    {
        DatabasePath = DatabasePath,
        SynchronousFull = synchronousFull,
        StreamCacheCapacity = streamCacheCapacity,
    });

    /// <summary>A connection of the test's own, as someone with the file in hand would have.</summary>
    public SqliteConnection Connect()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    /// <summary>Runs SQL on the file behind the log's back; returns the rows changed.</summary>
    public int Tamper(string sql)
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteNonQuery();
    }

    public static NewEvent Event(string type = "AlertRaised", string data = """{"zone":1}""", string actor = "system", int minute = 0) =>
        new(type, data, actor, Start + Duration.FromMinutes(minute));

    public void Dispose()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}
