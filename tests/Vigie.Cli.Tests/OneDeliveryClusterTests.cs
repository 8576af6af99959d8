using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Vigie.Receiver.Simulation;
using Vigie.Station.Engine;
using Vigie.Storage;
using Vigie.Tests;
using Vigie.Web.Tests;

namespace Vigie.Cli.Tests;

/// <summary>
/// Two `vigie serve` processes on one PostgreSQL: a message committed and not yet sent reaches its recipient once,
/// though both stations' resumes find it in the shared log.
/// </summary>
public sealed class OneDeliveryClusterTests
{
    private const string Pending = "outbox: 1 message(s) pending";
    private const string Subject = "Vigie: Intrusion alert (ID-7)";

    [Fact]
    [Trait("Rule", "SUP-7")]
    public async Task A_message_pending_in_the_shared_log_is_sent_once_when_a_second_station_starts_while_the_first_is_sending_it()
    {
        var postgres = await PostgresServer.NewDatabaseAsync("outbox");
        // As a station killed between its commit and its sending leaves it.
        await using (var log = PostgresEventLog.Open(new PostgresEventLogOptions { ConnectionString = postgres }))
        {
            await log.AppendAsync("outbox", 0, [], [Outbox.Entry("incident-ID-7-0001/3/email",
                new OutboxMessage(OutboxMessage.Email, ["camille@example.org"], Subject, "Intrusion at 3 rue des Lilas"))], TestContext.Current.CancellationToken);
        }
        // A slow mail server: it keeps each message at once and answers when the test says, so the first sending is
        // still under way while the second station reads the log.
        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var smtp = new SmtpSink(answer.Task);
        var environment = new Dictionary<string, string?>
        {
            ["VIGIE_Receiver__Postgres"] = postgres,
            ["VIGIE_Email__Smtp__Host"] = "127.0.0.1",
            ["VIGIE_Email__Smtp__Port"] = smtp.Port.ToString(CultureInfo.InvariantCulture),
            ["VIGIE_Email__Smtp__From"] = "alerts@vigie.test",
            ["VIGIE_Console__PublicUrl"] = "http://vigie.test",
        };

        var (first, firstHttp) = Arguments();
        using var a = VigieProcess.StartIn(null, environment, first);
        // The second starts once the first serves (both preparing a fresh database at once is another matter).
        await Until([a], () => StationProcess.AcceptsAsync(IPAddress.Loopback, firstHttp), "the first station serving");
        using var b = VigieProcess.StartIn(null, environment, Arguments().Arguments);
        // Both stations' resumes found the message, and one sending reached the server (or, without one sender per
        // message in the cluster, both did).
        await Until([a, b], () => smtp.Received.Count >= 2 || (smtp.Received.Count == 1 && a.Output.Contains(Pending, StringComparison.Ordinal)
            && b.Output.Contains(Pending, StringComparison.Ordinal)), "both stations found the pending message");
        answer.SetResult();
        var answered = Stopwatch.StartNew();
        await Until([a, b], async () => await OutboxEmptyAsync(postgres) && a.Output.Contains("engine started", StringComparison.Ordinal)
            && b.Output.Contains("engine started", StringComparison.Ordinal), "the message sent and both resumes done");
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"the message left the shared outbox and both resumes ended {answered.Elapsed.TotalSeconds:F1} s after the mail server answered"));

        Assert.Equal(Subject, Assert.Single(smtp.Received).Subject);
        Assert.False((a.Output + b.Output).Contains("fail:", StringComparison.Ordinal), a.Output + "\n----\n" + b.Output);
    }

    private static (string[] Arguments, string Http) Arguments()
    {
        var data = StationProcess.NewFolder("vigie-cluster");
        Directory.CreateDirectory(data);
        var http = StationProcess.Port();
        return (["serve", "--data", data, "--bind", "127.0.0.1", "--dc09-tcp", StationProcess.Port(), "--dc09-udp", "-1",
            "--http", http, "--silo-port", StationProcess.Port(), "--gateway-port", StationProcess.Port(), "--silo-address", "127.0.0.1"], http);
    }

    private static async Task<bool> OutboxEmptyAsync(string postgres)
    {
        await using var log = await PostgresEventLog.OpenReadOnlyAsync(postgres, TestContext.Current.CancellationToken);
        return (await log.ListDocumentsAsync(Collections.Outbox, TestContext.Current.CancellationToken)).Count == 0;
    }

    private static Task Until(VigieProcess[] stations, Func<bool> condition, string what) => Until(stations, () => Task.FromResult(condition()), what);

    private static async Task Until(VigieProcess[] stations, Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120); // two stations starting on a loaded two-core machine
        while (!await condition())
        {
            foreach (var station in stations)
            {
                Assert.False(station.Process.HasExited, $"stopped before {what}: {station.Output}");
            }
            Assert.True(DateTime.UtcNow < deadline, $"not reached: {what}\n{string.Join("\n----\n", stations.Select(s => s.Output))}");
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }
}
