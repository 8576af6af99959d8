using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Vigie.Tests;
using Vigie.Web.Staff;

namespace Vigie.Web.Tests;

/// <summary>
/// Two stations on one PostgreSQL database (issue 17): one Identity and one key ring, so a person registered on one
/// station signs in on the other, a cookie issued by one is accepted by the other, and a lockout holds on both.
/// </summary>
public sealed class SharedDatabaseTests
{
    private const string Subscriber = "lea.moreau@example.fr";

    [Fact]
    public async Task A_subscriber_registered_on_station_A_signs_in_on_station_B()
    {
        var database = await PostgresServer.NewDatabaseAsync();
        await using var a = await ConsoleUnderTest.StartAsync(postgres: database);
        await using var b = await ConsoleUnderTest.StartAsync(postgres: database, addStaff: false);
        await a.AddSubscriberAsync(Subscriber, "SUB-001");

        using var client = await b.ClientAsync(null);
        var response = await ConsoleUnderTest.PostFormAsync(client, "/account/login", "/account/login",
            new() { ["login"] = Subscriber, ["password"] = ConsoleUnderTest.Password, ["returnUrl"] = "/portal" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/portal", response.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/portal")).StatusCode);
    }

    [Fact]
    public async Task Stations_starting_at_the_same_moment_on_a_fresh_database_all_start_and_share_one_set_of_roles()
    {
        var database = await PostgresServer.NewDatabaseAsync();
        // Each creates the tables (under the schema lock) and the roles; the loser of a role insert does not stop.
        var stations = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => ConsoleUnderTest.StartAsync(postgres: database, addStaff: false)));
        try
        {
            await using var connection = new NpgsqlConnection(database);
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var count = new NpgsqlCommand("SELECT count(*), count(DISTINCT \"NormalizedName\") FROM identity_roles", connection);
            await using var reader = await count.ExecuteReaderAsync(TestContext.Current.CancellationToken);
            Assert.True(await reader.ReadAsync(TestContext.Current.CancellationToken));
            Assert.Equal(reader.GetInt64(1), reader.GetInt64(0));
            Assert.True(reader.GetInt64(0) > 0);
        }
        finally
        {
            foreach (var station in stations)
            {
                await station.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_station_whose_role_insert_loses_to_another_station_starting_at_the_same_moment_carries_on()
    {
        var database = await PostgresServer.NewDatabaseAsync();
        await StaffDb.MigrateAsync(database, TestContext.Current.CancellationToken);
        var options = new DbContextOptionsBuilder<StaffDb>().UseNpgsql(database).Options;
        await using (var first = new StaffDb(options))
        {
            await StaffDatabase.AddRolesAsync(first, RoleManagerOf(first, checksLate: false));
        }
        var expected = StaffRoles.All.Length + 1;

        // The second station looked before the first inserted: "missing" each time, so its insert meets the first's row.
        await using var second = new StaffDb(options);
        await StaffDatabase.AddRolesAsync(second, RoleManagerOf(second, checksLate: true));

        Assert.Equal(expected, await second.Roles.CountAsync(TestContext.Current.CancellationToken));
        Assert.Equal(expected, await second.Roles.Select(r => r.NormalizedName).Distinct().CountAsync(TestContext.Current.CancellationToken));
    }

    private static RoleManager<IdentityRole> RoleManagerOf(StaffDb db, bool checksLate) => checksLate
        ? new RolesCheckedBeforeAnotherStationInserted(new RoleStore<IdentityRole>(db))
        : new RoleManager<IdentityRole>(new RoleStore<IdentityRole>(db), [new RoleValidator<IdentityRole>()], new UpperInvariantLookupNormalizer(),
            new IdentityErrorDescriber(), NullLogger<RoleManager<IdentityRole>>.Instance);

    /// <summary>
    /// A station's view in the race: its existence check and its validator ran before the other station's insert
    /// committed, so it goes on to insert a role that is there by now.
    /// </summary>
    private sealed class RolesCheckedBeforeAnotherStationInserted(IRoleStore<IdentityRole> store)
        : RoleManager<IdentityRole>(store, [], new UpperInvariantLookupNormalizer(), new IdentityErrorDescriber(), NullLogger<RoleManager<IdentityRole>>.Instance)
    {
        private readonly HashSet<string> _checked = [];

        public override async Task<bool> RoleExistsAsync(string roleName) =>
            _checked.Add(roleName) ? false : await base.RoleExistsAsync(roleName);
    }

    [Fact]
    public async Task A_cookie_issued_by_station_A_is_accepted_by_station_B()
    {
        var database = await PostgresServer.NewDatabaseAsync();
        await using var a = await ConsoleUnderTest.StartAsync(postgres: database);
        await using var b = await ConsoleUnderTest.StartAsync(postgres: database, addStaff: false);
        var cookies = new CookieContainer();
        using var onA = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = new Uri(a.BaseUrl) };
        var login = await ConsoleUnderTest.PostFormAsync(onA, "/account/login", "/account/login",
            new() { ["login"] = "alice", ["password"] = ConsoleUnderTest.Password, ["returnUrl"] = "/console" });
        Assert.Equal("/console", login.Headers.Location?.OriginalString);
        var cookie = cookies.GetCookieHeader(new Uri(a.BaseUrl));
        Assert.Contains("vigie.staff=", cookie, StringComparison.Ordinal);

        using var onB = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = new Uri(b.BaseUrl) };
        using var signedIn = new HttpRequestMessage(HttpMethod.Get, "/console");
        signedIn.Headers.Add("Cookie", cookie);
        var accepted = await onB.SendAsync(signedIn);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);

        // Without the cookie the same page sends to the login form: the OK above is the cookie's doing.
        var anonymous = await onB.GetAsync("/console");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
    }

    [Fact]
    public async Task A_refresh_token_issued_by_station_A_is_honoured_by_station_B()
    {
        var database = await PostgresServer.NewDatabaseAsync();
        await using var a = await ConsoleUnderTest.StartAsync(postgres: database);
        await using var b = await ConsoleUnderTest.StartAsync(postgres: database, addStaff: false);
        using var onA = new HttpClient { BaseAddress = new Uri(a.BaseUrl) };
        using var token = await onA.PostAsJsonAsync("/api/v1/auth/token", new { login = "alice", password = ConsoleUnderTest.Password }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        var refreshToken = (await token.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("refreshToken").GetString();

        using var onB = new HttpClient { BaseAddress = new Uri(b.BaseUrl) };
        using var refreshed = await onB.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        using var forged = await onB.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = "forged" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
    }

    [Fact]
    public async Task A_lockout_earned_on_station_A_holds_on_station_B()
    {
        var database = await PostgresServer.NewDatabaseAsync();
        await using var a = await ConsoleUnderTest.StartAsync(postgres: database);
        await using var b = await ConsoleUnderTest.StartAsync(postgres: database, addStaff: false);
        using var onA = await a.ClientAsync(null);
        for (var i = 0; i < 3; i++)
        {
            await ConsoleUnderTest.PostFormAsync(onA, "/account/login", "/account/login", new() { ["login"] = "bruno", ["password"] = "not the password", ["returnUrl"] = "/console" });
        }

        using var onB = await b.ClientAsync(null);
        var response = await ConsoleUnderTest.PostFormAsync(onB, "/account/login", "/account/login",
            new() { ["login"] = "bruno", ["password"] = ConsoleUnderTest.Password, ["returnUrl"] = "/console" });
        Assert.NotEqual("/console", response.Headers.Location?.OriginalString);
        using var control = await b.ClientAsync("alice"); // the right password still opens an account that is not locked
    }

    [Fact]
    public async Task The_key_ring_in_the_database_is_encrypted_by_the_key_encryption_key()
    {
        var database = await PostgresServer.NewDatabaseAsync();
        await using (var a = await ConsoleUnderTest.StartAsync(postgres: database))
        {
            using var signedIn = await a.ClientAsync("alice");
        }
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var read = new NpgsqlCommand("SELECT xml FROM keyring_keys", connection);
        var keys = new List<string>();
        await using (var rows = await read.ExecuteReaderAsync(TestContext.Current.CancellationToken))
        {
            while (await rows.ReadAsync(TestContext.Current.CancellationToken))
            {
                keys.Add(rows.GetString(0));
            }
        }
        Assert.NotEmpty(keys);
        Assert.All(keys, xml =>
        {
            Assert.Contains("<encryptedKey", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Migrating_identity_twice_changes_nothing_the_second_time()
    {
        var database = await PostgresServer.NewDatabaseAsync();
        var first = await StaffDb.MigrateAsync(database, TestContext.Current.CancellationToken);
        var second = await StaffDb.MigrateAsync(database, TestContext.Current.CancellationToken);
        Assert.Equal((0, StaffDb.PostgresSteps.Length), (first.From, first.To));
        Assert.False(second.Changed);
        Assert.Equal(StaffDb.PostgresSteps.Length, await ScalarAsync<int>(database, "SELECT version FROM vigie_schema WHERE module = 'identity'"));
    }

    [Fact]
    public async Task A_database_upgraded_by_a_newer_vigie_is_refused_not_misread()
    {
        var database = await PostgresServer.NewDatabaseAsync();
        await StaffDb.MigrateAsync(database, TestContext.Current.CancellationToken);
        await ScalarAsync<int>(database, "UPDATE vigie_schema SET version = version + 1 WHERE module = 'identity' RETURNING version");
        var refused = await Assert.ThrowsAsync<Vigie.Storage.SchemaTooNewException>(() => StaffDb.MigrateAsync(database, TestContext.Current.CancellationToken));
        Assert.Equal(StaffDb.PostgresSteps.Length + 1, refused.Found);
    }

    /// <summary>
    /// The released steps build exactly the tables EF Core's model expects (columns, types, nullability, indexes): a
    /// change to the model fails here until a new step is appended.
    /// </summary>
    [Fact]
    public async Task The_identity_steps_build_the_schema_of_the_model()
    {
        var stepped = await PostgresServer.NewDatabaseAsync();
        await StaffDb.MigrateAsync(stepped, TestContext.Current.CancellationToken);
        var modelled = await PostgresServer.NewDatabaseAsync();
        await using (var db = new StaffDb(new DbContextOptionsBuilder<StaffDb>().UseNpgsql(modelled).Options))
        {
            await db.Database.ExecuteSqlRawAsync(db.Database.GenerateCreateScript(), TestContext.Current.CancellationToken);
        }
        Assert.Equal(await ShapeAsync(modelled), await ShapeAsync(stepped));
    }

    private static async Task<string> ShapeAsync(string database)
    {
        var columns = await LinesAsync(database, """
            SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '') || ' ' || is_identity
            FROM information_schema.columns WHERE table_schema = 'public' AND table_name LIKE 'identity\_%' ORDER BY 1
            """);
        var indexes = await LinesAsync(database, "SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename LIKE 'identity\\_%' ORDER BY 1");
        var constraints = await LinesAsync(database, """
            SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint
            WHERE conrelid::regclass::text LIKE '"identity\_%' OR conrelid::regclass::text LIKE 'identity\_%' ORDER BY 1
            """);
        return string.Join('\n', columns.Concat(indexes).Concat(constraints));
    }

    private static async Task<List<string>> LinesAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        var lines = new List<string>();
        await using var rows = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await rows.ReadAsync(TestContext.Current.CancellationToken))
        {
            lines.Add(rows.GetString(0));
        }
        return lines;
    }

    private static async Task<T> ScalarAsync<T>(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }
}
