using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Vigie.Protocols.Dc09;
using Vigie.Receiver.Accounts;
using Vigie.Receiver.Journal;
using Vigie.Receiver.Reception;

namespace Vigie.Receiver.Tests;

/// <summary>
/// Under load an alarm does not wait its turn behind polls and tests: in a batch it is committed first (lowest
/// journal id, the engine reads the journal in id order) and handed over first (contacts, completion).
/// </summary>
public class AlarmPriorityTests
{
    private sealed class RecordedContacts : IPanelContacts
    {
        private readonly Lock _gate = new();
        public List<string> Sites { get; } = [];

        public void Heard(in PanelContact contact)
        {
            lock (_gate)
            {
                Sites.Add(contact.SiteReference);
            }
        }
    }

    private static JournalEntry Entry(int i, bool alarm) => new()
    {
        ReceivedAt = DateTime.UtcNow,
        Transport = "tcp",
        Remote = "127.0.0.1:4000",
        Token = "SIA-DCS",
        Account = $"{100000 + i}",
        Line = "0",
        Sequence = i + 1,
        Status = SignalStatus.Accepted,
        SiteReference = alarm ? "site-alarm" : $"site-{i}",
        Data = alarm ? $"#{100000 + i}|Nri1/PA001" : $"#{100000 + i}|Nri1/RP",
        Events = alarm ? """[{"kind":"Panic"}]""" : """[{"kind":"PeriodicTest"}]""",
        Raw = new byte[80],
        ContentHash = i,
        Alarm = alarm,
    };

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task An_alarm_in_the_middle_of_a_loaded_batch_is_committed_and_handed_over_before_the_routine_frames(StoreKind kind)
    {
        // Smaller commits than the queue: the alarm must be in the first one, not in the third.
        await using var store = await JournalStore.CreateAsync(kind, options => { options.MaxCommitBatch = 50; return options; });
        var contacts = new RecordedContacts();
        var journal = store.Journal(contacts: contacts, start: false);
        // Queued before the writer starts: it finds them all waiting, as in a loaded moment.
        var appends = new List<(JournalEntry Entry, ValueTask<AppendOutcome> Outcome)>();
        for (var i = 0; i < 200; i++)
        {
            var entry = Entry(i, alarm: i == 100);
            appends.Add((entry, journal.AppendAsync(entry)));
        }
        journal.Start();
        var ids = new Dictionary<string, long>();
        foreach (var (entry, outcome) in appends)
        {
            ids[entry.SiteReference!] = (await outcome).SignalId;
        }
        await store.CloseAsync(journal);

        Assert.Equal(ids.Values.Min(), ids["site-alarm"]);
        Assert.Equal(200, ids.Values.Distinct().Count());
        Assert.Equal(200, contacts.Sites.Count);
        Assert.Equal("site-alarm", contacts.Sites[0]);
        var journalRows = store.Reader().List();
        Assert.Equal("#100100|Nri1/PA001", journalRows.OrderBy(s => s.Id).First().Data);
    }

    [Theory]
    [InlineData("Nri1/PA001", true)]   // panic (SOS)
    [InlineData("Nri1/HA001", true)]   // holdup / duress
    [InlineData("Nri1/FA001", true)]   // fire
    [InlineData("Nri1/BA001", true)]   // burglary
    [InlineData("Nri1/BR001", false)]  // burglary restore
    [InlineData("Nri1/RP", false)]     // periodic test
    [InlineData("Nri1/CL001", false)]  // closing
    public void Sia_alarms_are_marked_for_priority_and_routine_events_are_not(string payload, bool alarm)
    {
        Assert.Equal(alarm, Verdict(Dc09Token.SiaDcs, payload).Entry!.Alarm);
    }

    [Theory]
    [InlineData("1120 01 001", true)]  // panic
    [InlineData("1121 01 001", true)]  // duress
    [InlineData("1110 01 001", true)]  // fire
    [InlineData("1130 01 003", true)]  // burglary
    [InlineData("3130 01 003", false)] // burglary restore
    [InlineData("1602 00 000", false)] // periodic test
    public void Contact_id_alarms_are_marked_for_priority_and_routine_events_are_not(string payload, bool alarm)
    {
        Assert.Equal(alarm, Verdict(Dc09Token.AdmCid, payload).Entry!.Alarm);
    }

    [Fact]
    public void An_alarm_from_an_unknown_account_does_not_jump_the_queue()
    {
        var options = new ReceiverOptions();
        var reception = new FrameReception(options, new AccountDirectory(), TimeProvider.System, new ReceiverMetrics(), new RefusalLedger(options), NullLogger<FrameReception>.Instance);
        var frame = new Dc09Message { Token = Dc09Token.SiaDcs, Sequence = 1, Account = "4321", Data = "#4321|Nri1/PA001" }.Encode();
        var verdict = reception.Decide(frame, "tcp", "127.0.0.1:1", new byte[FrameReception.MaxReplyLength]);
        Assert.Equal(SignalStatus.UnknownAccount, verdict.Entry!.Status);
        Assert.False(verdict.Entry.Alarm);
    }

    private static Verdict Verdict(Dc09Token token, string payload)
    {
        var options = new ReceiverOptions();
        var accounts = new AccountDirectory();
        accounts.Replace(1, [new AccountRecord { Account = "1234" }]);
        var reception = new FrameReception(options, accounts, new FakeTimeProvider(DateTimeOffset.UtcNow), new ReceiverMetrics(), new RefusalLedger(options), NullLogger<FrameReception>.Instance);
        var frame = new Dc09Message { Token = token, Sequence = 1, Account = "1234", Data = $"#1234|{payload}" }.Encode();
        var verdict = reception.Decide(frame, "tcp", "127.0.0.1:1", new byte[FrameReception.MaxReplyLength]);
        Assert.Equal(SignalStatus.Accepted, verdict.Entry!.Status);
        return verdict;
    }
}
