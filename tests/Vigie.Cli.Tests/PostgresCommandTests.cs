using System.Text.Json;
using Vigie.Tests;

namespace Vigie.Cli.Tests;

/// <summary>The CLI contract of issue 17: --postgres beside --data, `vigie db migrate`, and a clear refusal of a bad database.</summary>
public sealed class PostgresCommandTests
{
    private const string Password = "Secret-Pw-7731";

    [Fact]
    public async Task Db_migrate_creates_every_module_schema_and_a_second_run_changes_nothing()
    {
        var database = await PostgresServer.NewDatabaseAsync();
        var (firstExit, first) = await VigieProcess.RunAsync("db", "migrate", "--postgres", database, "--json");
        Assert.True(firstExit == 0, first);
        var created = Versions(first);
        Assert.Equal(["identity", "keyring", "log", "media", "orleans", "receiver"], created.Select(c => c.Module).Order());
        Assert.All(created, c => Assert.True(c.From == 0 && c.To >= 1, first));

        var (secondExit, second) = await VigieProcess.RunAsync("db", "migrate", "--postgres", database, "--json");
        Assert.True(secondExit == 0, second);
        Assert.All(Versions(second), c => Assert.True(c.From == c.To, second));
        Assert.Equal(created.Select(c => (c.Module, c.To)), Versions(second).Select(c => (c.Module, c.To)));

        var (textExit, text) = await VigieProcess.RunAsync("db", "migrate", "--postgres", database);
        Assert.True(textExit == 0, text);
        Assert.Contains("up to date", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Incidents_are_read_from_the_shared_database_given_by_postgres()
    {
        var database = await PostgresServer.NewDatabaseAsync();
        var (migrated, output) = await VigieProcess.RunAsync("db", "migrate", "--postgres", database);
        Assert.True(migrated == 0, output);

        // An empty data folder: the log read is the database's, not a SQLite file (there is none).
        var (exit, listed) = await VigieProcess.RunAsync("incident", "list", "--data", StationProcess.NewFolder("vigie-pg-incidents"), "--postgres", database, "--lang", "en");
        Assert.True(exit == 0, listed);
        Assert.Contains("No open incident", listed, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("db", "migrate")]
    [InlineData("staff", "list")]
    [InlineData("incident", "list")]
    [InlineData("serve", "--http", "-1", "--dc09-tcp", "-1", "--dc09-udp", "-1")]
    public async Task An_unreachable_database_is_refused_in_one_line_naming_the_option_without_its_password(params string[] command)
    {
        var port = StationProcess.Port(); // nothing listens there
        var connection = $"Host=127.0.0.1;Port={port};Username=vigie;Password={Password};Database=nowhere;Timeout=3";
        var (exit, output) = await VigieProcess.RunAsync([.. command, "--data", StationProcess.NewFolder("vigie-pg-cli"), "--postgres", connection]);
        Assert.NotEqual(0, exit);
        Assert.Contains("--postgres", output, StringComparison.Ordinal);
        Assert.Contains("cannot reach PostgreSQL", output, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Host=127.0.0.1;Port=not-a-port;Password=" + Password)]
    [InlineData("Password=" + Password + ";Database=vigie")]
    [InlineData("this is not a connection string " + Password)]
    public async Task A_malformed_connection_string_is_refused_without_its_password(string connection)
    {
        var (exit, output) = await VigieProcess.RunAsync("db", "migrate", "--postgres", connection);
        Assert.NotEqual(0, exit);
        Assert.Contains("--postgres", output, StringComparison.Ordinal);
        Assert.Contains("not a valid connection string", output, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_staff_member_added_from_one_data_folder_is_listed_from_another_through_the_shared_database()
    {
        var database = await PostgresServer.NewDatabaseAsync();
        var (added, addOutput) = await VigieProcess.RunAsync("staff", "add", "--data", StationProcess.NewFolder("vigie-pg-a"), "--postgres", database,
            "--login", "margot", "--role", "operator", "--password", "a long enough password");
        Assert.True(added == 0, addOutput);

        var (listed, list) = await VigieProcess.RunAsync("staff", "list", "--data", StationProcess.NewFolder("vigie-pg-b"), "--postgres", database);
        Assert.True(listed == 0, list);
        Assert.Contains("margot", list, StringComparison.Ordinal);
        // The SQLite default of that folder has nobody: the member came from the database.
        var (_, local) = await VigieProcess.RunAsync("staff", "list", "--data", StationProcess.NewFolder("vigie-pg-c"));
        Assert.DoesNotContain("margot", local, StringComparison.Ordinal);
    }

    private static List<(string Module, int From, int To)> Versions(string output)
    {
        var json = output.Split('\n').First(l => l.TrimStart().StartsWith('['));
        return [.. JsonDocument.Parse(json).RootElement.EnumerateArray()
            .Select(e => (e.GetProperty("module").GetString()!, e.GetProperty("from").GetInt32(), e.GetProperty("to").GetInt32()))];
    }
}
