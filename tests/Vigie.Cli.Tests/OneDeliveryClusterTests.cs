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
        var postgres = await PendingMessageAsync();
        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var smtp = new SmtpSink(answer.Task);
        var (a, b) = await SecondStartsWhileFirstSendsAsync(postgres, smtp);
        using var _ = a;
        using var __ = b;

        answer.SetResult();
        await Until([a, b], async () => await OutboxEmptyAsync(postgres) && a.Output.Contains("engine started", StringComparison.Ordinal)
            && b.Output.Contains("engine started", StringComparison.Ordinal), "the message sent and both resumes done");

        Assert.Equal(Subject, Assert.Single(smtp.Received).Subject);
        Assert.False((a.Output + b.Output).Contains("fail:", StringComparison.Ordinal), a.Output + "\n----\n" + b.Output);
    }

    [Fact]
    [Trait("Rule", "SUP-7")]
    public async Task A_message_a_station_was_sending_when_SIGKILLed_is_sent_once_by_the_survivor()
    {
        var postgres = await PendingMessageAsync();
        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var smtp = new SmtpSink(answer.Task);
        var (a, b) = await SecondStartsWhileFirstSendsAsync(postgres, smtp);
        using var _ = a;
        using var __ = b;
        Assert.Single(smtp.Received); // the first station's, unanswered: the second waits on it
        // The survivor's supervision has its partitions (a station dying while another reconciles them at its start is
        // another matter: the starting one stops).
        await StationProcess.WaitForOutputAsync(b, "supervision started");

        a.Process.Kill(); // SIGKILL in the middle of the sending: never answered, never removed from the log
        var killed = Stopwatch.StartNew();
        await a.Process.WaitForExitAsync(TestContext.Current.CancellationToken);
        answer.SetResult();
        await Until([b], async () => await OutboxEmptyAsync(postgres) && b.Output.Contains("cluster: took over", StringComparison.Ordinal),
            "the survivor took over and sent the message", seconds: 180);
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"the killed station's message left the shared outbox {killed.Elapsed.TotalSeconds:F1} s after the SIGKILL"));

        // At least once: the survivor sent it; and once only, though both its start and its takeover found it.
        Assert.Equal(2, smtp.Received.Count);
        Assert.Equal(Subject, smtp.Received[1].Subject);
        Assert.DoesNotContain("taking over from a lost station failed", b.Output, StringComparison.Ordinal);
    }

    /// <summary>A fresh database with one e-mail committed and not sent, as a station killed after its commit leaves it.</summary>
    private static async Task<string> PendingMessageAsync()
    {
        var postgres = await PostgresServer.NewDatabaseAsync("outbox");
        await using var log = PostgresEventLog.Open(new PostgresEventLogOptions { ConnectionString = postgres });
        await log.AppendAsync("outbox", 0, [], [Outbox.Entry("incident-ID-7-0001/3/email",
            new OutboxMessage(OutboxMessage.Email, ["camille@example.org"], Subject, "Intrusion at 3 rue des Lilas"))], TestContext.Current.CancellationToken);
        return postgres;
    }

    /// <summary>
    /// Starts a station, whose start finds the message and sends it to a mail server that holds its answer; then a
    /// second station, and waits until its start has found the message too (or, without one sender per message in the
    /// cluster, has sent it as well).
    /// </summary>
    private static async Task<(VigieProcess First, VigieProcess Second)> SecondStartsWhileFirstSendsAsync(string postgres, SmtpSink smtp)
    {
        var environment = new Dictionary<string, string?>
        {
            ["VIGIE_Receiver__Postgres"] = postgres,
            ["VIGIE_Email__Smtp__Host"] = "127.0.0.1",
            ["VIGIE_Email__Smtp__Port"] = smtp.Port.ToString(CultureInfo.InvariantCulture),
            ["VIGIE_Email__Smtp__From"] = "alerts@vigie.test",
            ["VIGIE_Console__PublicUrl"] = "http://vigie.test",
        };
        var (first, firstHttp) = Arguments();
        var a = VigieProcess.StartIn(null, environment, first);
        VigieProcess? b = null;
        try
        {
            // The second starts once the first serves (two stations preparing a fresh database at the same moment is another matter).
            await Until([a], () => StationProcess.AcceptsAsync(IPAddress.Loopback, firstHttp), "the first station serving");
            b = VigieProcess.StartIn(null, environment, Arguments().Arguments);
            await Until([a, b], () => smtp.Received.Count >= 2 || (smtp.Received.Count == 1 && a.Output.Contains(Pending, StringComparison.Ordinal)
                && b.Output.Contains(Pending, StringComparison.Ordinal)), "both stations found the pending message");
            return (a, b);
        }
        catch
        {
            a.Dispose();
            b?.Dispose();
            throw;
        }
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

    /// <summary>Waits, up to two minutes by default: two stations starting on a loaded two-core machine.</summary>
    private static async Task Until(VigieProcess[] stations, Func<Task<bool>> condition, string what, int seconds = 120)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(seconds);
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
