using Npgsql;
using Vigie.Tests;

namespace Vigie.Storage.Tests;

public sealed class PostgresServerTests
{
    [Fact]
    public async Task The_test_run_has_a_private_PostgreSQL_with_durable_commits_and_a_fresh_database_per_test()
    {
        var first = await PostgresServer.NewDatabaseAsync();
        var second = await PostgresServer.NewDatabaseAsync();
        Assert.NotEqual(first, second);

        await using var connection = new NpgsqlConnection(first);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("SHOW synchronous_commit", connection);
        Assert.Equal("on", await command.ExecuteScalarAsync(TestContext.Current.CancellationToken));
        await using var fsync = new NpgsqlCommand("SHOW fsync", connection);
        Assert.Equal("on", await fsync.ExecuteScalarAsync(TestContext.Current.CancellationToken));
        Assert.Equal("127.0.0.1", new NpgsqlConnectionStringBuilder(first).Host);
    }
}
