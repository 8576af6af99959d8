using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;

using Vigie.Receiver.Simulation;

namespace Vigie.Cli.Tests;

/// <summary>The scriptable spellings other tools rely on, run against the real program.</summary>
public class CliContractTests
{
    private static string NewDataFolder() => Path.Combine(Path.GetTempPath(), "vigie-cli", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Accounts_add_list_and_remove_round_trip_without_ever_printing_keys()
    {
        var data = NewDataFolder();
        var added = await VigieProcess.RunAsync("accounts", "add", "--data", data, "--account", "1234", "--receiver", "2", "--line", "5",
            "--key", "00112233445566778899AABBCCDDEEFF", "--key-format", "hex", "--site", "HOME-1");
        Assert.True(added.ExitCode == 0, added.Output);

        var listed = await VigieProcess.RunAsync("accounts", "list", "--data", data);
        Assert.Equal(0, listed.ExitCode);
        Assert.Contains("1234", listed.Output, StringComparison.Ordinal);
        Assert.Contains("hex 128 bits", listed.Output, StringComparison.Ordinal);
        Assert.Contains("HOME-1", listed.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("00112233445566778899AABBCCDDEEFF", listed.Output, StringComparison.Ordinal);
        // A keyed account refuses plain messages unless told otherwise.
        Assert.Contains("refusé", listed.Output, StringComparison.Ordinal);
        // The key is not in the database file in clear either.
        Assert.DoesNotContain("00112233445566778899AABBCCDDEEFF", System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(Path.Combine(data, "vigie.db"))), StringComparison.Ordinal);
        Assert.Equal(0, (await VigieProcess.RunAsync("accounts", "add", "--data", data, "--account", "1234", "--receiver", "2", "--line", "5",
            "--key", "00112233445566778899AABBCCDDEEFF", "--key-format", "hex", "--allow-plain")).ExitCode);
        Assert.Contains("accepté", (await VigieProcess.RunAsync("accounts", "list", "--data", data)).Output, StringComparison.Ordinal);

        Assert.Equal(0, (await VigieProcess.RunAsync("accounts", "remove", "--data", data, "--account", "1234", "--receiver", "2", "--line", "5")).ExitCode);
        var again = await VigieProcess.RunAsync("accounts", "remove", "--data", data, "--account", "1234", "--receiver", "2", "--line", "5");
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("no account 1234", again.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tables_are_French_by_default_and_English_with_lang_en_or_VIGIE_LANG()
    {
        var data = NewDataFolder();
        Assert.Equal(0, (await VigieProcess.RunAsync("accounts", "add", "--data", data, "--account", "4321")).ExitCode);

        var french = await VigieProcess.RunAsync("accounts", "list", "--data", data);
        Assert.Equal(0, french.ExitCode);
        Assert.Contains("ligne", french.Output, StringComparison.Ordinal);
        Assert.Contains("récepteur", french.Output, StringComparison.Ordinal);
        Assert.Contains("1 compte(s) (version du registre", french.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("receiver", french.Output, StringComparison.Ordinal);

        var english = await VigieProcess.RunAsync("accounts", "list", "--data", data, "--lang", "en");
        Assert.Equal(0, english.ExitCode);
        Assert.Contains("receiver", english.Output, StringComparison.Ordinal);
        Assert.Contains("1 accounts (registry version", english.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("récepteur", english.Output, StringComparison.Ordinal);

        var fromEnvironment = await VigieProcess.RunWithLanguageAsync(TimeSpan.FromMinutes(2), "en", "accounts", "list", "--data", data);
        Assert.Contains("receiver", fromEnvironment.Output, StringComparison.Ordinal);
        // The option wins over the environment.
        var optionFirst = await VigieProcess.RunWithLanguageAsync(TimeSpan.FromMinutes(2), "en", "accounts", "list", "--data", data, "--lang", "fr");
        Assert.Contains("récepteur", optionFirst.Output, StringComparison.Ordinal);

        var unknown = await VigieProcess.RunAsync("accounts", "list", "--data", data, "--lang", "de");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("--lang 'de': fr or en", unknown.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--key", "SHORT", "--key-format", "ascii", "16, 24 or 32 characters")]
    [InlineData("--key", "0123456789ABCDEFGHIJ0123456789AB", "--key-format", "hex", "0-9 and A-F")]
    [InlineData("--panel-clock", "Mars/Olympus", "--site", "X", "not a time zone")]
    public async Task A_bad_account_is_refused_with_the_field_named_and_nothing_stored(string option1, string value1, string option2, string value2, string message)
    {
        var data = NewDataFolder();
        Assert.Equal(0, (await VigieProcess.RunAsync("accounts", "add", "--data", data, "--account", "1111")).ExitCode);
        var refused = await VigieProcess.RunAsync("accounts", "add", "--data", data, "--account", "2222", option1, value1, option2, value2);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains(message, refused.Output, StringComparison.Ordinal);
        var listed = await VigieProcess.RunAsync("accounts", "list", "--data", data);
        Assert.Contains("1 compte(s)", listed.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_takes_thousands_of_accounts_in_one_call_and_refuses_a_bad_file_whole()
    {
        var data = NewDataFolder();
        Directory.CreateDirectory(data);
        var good = Path.Combine(data, "good.csv");
        File.WriteAllLines(good, ["account,receiver,line,key,key_format", .. Enumerable.Range(0, 5000).Select(i =>
            i % 2 == 0 ? $"{10000 + i},,,0123456789ABCDEF,ascii" : $"{10000 + i},1,0,00112233445566778899AABBCCDDEEFF,hex")]);
        var imported = await VigieProcess.RunAsync("accounts", "import", "--data", data, good);
        Assert.True(imported.ExitCode == 0, imported.Output);
        Assert.Contains("5000 accounts imported", imported.Output, StringComparison.Ordinal);

        var bad = Path.Combine(data, "bad.csv");
        File.WriteAllLines(bad, ["account,receiver,line,key,key_format", "20000,,,0123456789ABCDEF,ascii", "20001,,,tooshort,ascii"]);
        var refused = await VigieProcess.RunAsync("accounts", "import", "--data", data, bad);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("line 3", refused.Output, StringComparison.Ordinal);
        Assert.Contains("key", refused.Output, StringComparison.Ordinal);
        var listed = await VigieProcess.RunAsync("accounts", "list", "--data", data);
        Assert.Contains("5000 compte(s)", listed.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_simulate_and_journal_list_json_work_together()
    {
        var data = NewDataFolder();
        var tcp = Loopback.FreePort(SocketType.Stream, ProtocolType.Tcp);
        var udp = Loopback.FreePort(SocketType.Dgram, ProtocolType.Udp);
        var http = Loopback.FreePort(SocketType.Stream, ProtocolType.Tcp);
        Assert.Equal(0, (await VigieProcess.RunAsync("accounts", "add", "--data", data, "--account", "4242", "--site", "DEMO-9",
            "--key", "0123456789ABCDEF0123456789ABCDEF", "--key-format", "ascii")).ExitCode);
        using var station = VigieProcess.Start("serve", "--data", data, "--dc09-tcp", tcp.ToString(CultureInfo.InvariantCulture),
            "--dc09-udp", udp.ToString(CultureInfo.InvariantCulture), "--http", http.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1");
        await Loopback.WaitForTcpPort(tcp, TimeSpan.FromSeconds(60));

        // A second station on the same data folder is refused: two writers would corrupt the journal's order.
        var second = await VigieProcess.RunAsync("serve", "--data", data, "--dc09-tcp", "-1", "--dc09-udp", "-1", "--http", "-1");
        Assert.NotEqual(0, second.ExitCode);
        Assert.Contains("already running", second.Output, StringComparison.Ordinal);

        var sent = await VigieProcess.RunAsync("simulate", "--data", data, "--site", "DEMO-9", "--event", "BA012",
            "--key", "0123456789ABCDEF0123456789ABCDEF", "--tcp", tcp.ToString(CultureInfo.InvariantCulture));
        Assert.True(sent.ExitCode == 0, sent.Output);
        var cid = await VigieProcess.RunAsync("simulate", "--account", "4242", "--event", "1130 01 003", "--key", "0123456789ABCDEF0123456789ABCDEF",
            "--tcp", "-1", "--udp", udp.ToString(CultureInfo.InvariantCulture));
        Assert.True(cid.ExitCode == 0, cid.Output);

        var listed = await VigieProcess.RunAsync("journal", "list", "--data", data, "--account", "4242", "--json");
        Assert.Equal(0, listed.ExitCode);
        var lines = listed.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        using var first = JsonDocument.Parse(lines[0]);
        var root = first.RootElement;
        Assert.Equal("4242", root.GetProperty("account").GetString());
        Assert.Equal("*SIA-DCS", root.GetProperty("token").GetString());
        Assert.Equal("accepted", root.GetProperty("status").GetString());
        Assert.Equal("DEMO-9", root.GetProperty("site").GetString());
        Assert.True(root.GetProperty("sequence").GetInt32() > 0);
        Assert.True(DateTime.TryParse(root.GetProperty("received").GetString(), CultureInfo.InvariantCulture, out _));
        var e = Assert.Single(root.GetProperty("events").EnumerateArray());
        Assert.Equal("Burglary", e.GetProperty("kind").GetString());
        Assert.Equal(12, e.GetProperty("zone").GetInt32());
        using var second2 = JsonDocument.Parse(lines[1]);
        Assert.Equal("*ADM-CID", second2.RootElement.GetProperty("token").GetString());
        Assert.Equal("udp", second2.RootElement.GetProperty("transport").GetString());

        using var client = new HttpClient();
        var health = await client.GetStringAsync($"http://127.0.0.1:{http}/health");
        Assert.Contains("\"acknowledged\":2", health, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Journal_list_on_a_folder_without_a_station_says_so()
    {
        var result = await VigieProcess.RunAsync("journal", "list", "--data", NewDataFolder(), "--json");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no station database", result.Output, StringComparison.Ordinal);
    }
}
