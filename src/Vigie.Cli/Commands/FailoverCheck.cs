using Vigie.Domain.Incidents;
using Vigie.Domain.Sites;
using Vigie.Receiver;
using Vigie.Station.Engine;
using Vigie.Storage;

namespace Vigie.Cli.Commands;

/// <summary>
/// What `vigie bench failover` reads back from the shared database after its rounds: each ACKed signal's journal rows
/// (a panel that failed over may have left a copy at each station: the same idempotency key), and how many times its
/// site's log took it in (SignalReceived with that key: exactly once), and the supervision faults of sites that never
/// stopped polling.
/// </summary>
internal static class FailoverCheck
{
    /// <summary>A signal a panel had ACKed: its account, DC-09 sequence number and SIA code with its number (unique per panel here).</summary>
    public sealed record AckedSignal(string Account, int Sequence, string RawCode);

    public sealed record Result(int Missing, int Doubled, int NotInEffect, long JournalRows, int SitesLost, int OtherFaults, IReadOnlyList<string> Examples);

    /// <summary>A site's stream in the event log (the engine's Streams.Site, internal to the station's assembly).</summary>
    private const string SiteStreamPrefix = "site-";

    /// <summary>How long the check waits for the engine to take in the last signals, while it still makes progress.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(5);

    public static async Task<Result> RunAsync(IEnumerable<AckedSignal> acked, int sites, string data, string postgres, CancellationToken cancellation)
    {
        var signals = acked.ToList();
        var accounts = Enumerable.Range(0, sites).Select(BenchSites.Account).ToHashSet();
        var (keys, rows) = await JournalKeysAsync(data, postgres, accounts, cancellation);
        await using var log = await PostgresEventLog.OpenReadOnlyAsync(postgres, cancellation);
        var previous = -1;
        while (true)
        {
            var effects = await EffectsAsync(log, sites, cancellation);
            var result = Compare(signals, keys, effects, rows);
            // The engines read the journal after the ACK: wait while they are still taking signals in.
            if (result.NotInEffect == 0 || result.NotInEffect == previous)
            {
                return result;
            }
            previous = result.NotInEffect;
            await Task.Delay(Settle, cancellation);
        }
    }

    private static Result Compare(List<AckedSignal> signals, Dictionary<(string, int, string), HashSet<string>> keys, Effects effects, long rows)
    {
        int missing = 0, doubled = 0, notInEffect = 0;
        var examples = new List<string>();
        foreach (var signal in signals)
        {
            if (!keys.TryGetValue((signal.Account, signal.Sequence, signal.RawCode), out var copies))
            {
                missing++;
                Example($"missing from the journal: account {signal.Account} sequence {signal.Sequence} {signal.RawCode}");
                continue;
            }
            var times = copies.Sum(k => effects.Received.GetValueOrDefault(k));
            if (times == 0)
            {
                notInEffect++;
                Example($"journaled, not in effect: account {signal.Account} sequence {signal.Sequence} {signal.RawCode}");
            }
            else if (times > 1)
            {
                doubled++;
                Example($"in effect {times} times: account {signal.Account} sequence {signal.Sequence} {signal.RawCode} (keys {string.Join(", ", copies)})");
            }
        }
        return new Result(missing, doubled, notInEffect, rows, effects.SitesLost, effects.OtherFaults, examples);

        void Example(string text)
        {
            if (examples.Count < 5)
            {
                examples.Add(text);
            }
        }
    }

    /// <summary>Each ACKed message's keys as the engine sees them (IdempotencyKey#event), from every copy of it in the journal.</summary>
    private static async Task<(Dictionary<(string, int, string), HashSet<string>> Keys, long Rows)> JournalKeysAsync(string data, string postgres, HashSet<string> accounts,
        CancellationToken cancellation)
    {
        var journal = ReceiverStores.Journal(data, postgres);
        try
        {
            var keys = new Dictionary<(string, int, string), HashSet<string>>();
            long rows = 0, cursor = 0;
            while (true)
            {
                var page = await journal.ReadAfterAsync(cursor, 5000, cancellation);
                if (page.Read == 0)
                {
                    return (keys, rows);
                }
                cursor = page.Last;
                foreach (var signal in page.Signals.Where(s => accounts.Contains(s.Account)))
                {
                    rows++;
                    for (var i = 0; i < signal.Events.Count; i++)
                    {
                        var key = (signal.Account, signal.Sequence, signal.Events[i].RawCode);
                        if (!keys.TryGetValue(key, out var copies))
                        {
                            keys[key] = copies = [];
                        }
                        copies.Add($"{signal.IdempotencyKey}#{i}");
                    }
                }
            }
        }
        finally
        {
            if (journal is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }
        }
    }

    private sealed record Effects(Dictionary<string, int> Received, int SitesLost, int OtherFaults);

    /// <summary>Every bench site's log: each signal key taken in, and each supervision fault raised.</summary>
    private static async Task<Effects> EffectsAsync(IEventLog log, int sites, CancellationToken cancellation)
    {
        var received = new Dictionary<string, int>();
        int lost = 0, other = 0;
        for (var i = 0; i < sites; i++)
        {
            foreach (var stored in await log.ReadStreamAsync(SiteStreamPrefix + BenchSites.SiteId(i), ct: cancellation))
            {
                switch (EventCodec.DecodeSite(stored))
                {
                    case SignalReceived signal:
                        received[signal.Key.Key] = received.GetValueOrDefault(signal.Key.Key) + 1;
                        break;
                    case FaultRaised { Fault.Kind: AlertKind.SiteLost }:
                        lost++;
                        break;
                    case FaultRaised:
                        other++;
                        break;
                }
            }
        }
        return new Effects(received, lost, other);
    }
}
