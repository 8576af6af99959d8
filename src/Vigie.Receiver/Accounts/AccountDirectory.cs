using Microsoft.Extensions.Logging;
using NodaTime;
using Vigie.Protocols.Dc09;

namespace Vigie.Receiver.Accounts;

/// <summary>An account ready for the hot path: key parsed once, clock zone resolved once.</summary>
public sealed class KnownAccount
{
    public KnownAccount(AccountRecord record)
    {
        Record = record;
        Key = record.Key is null ? null : Dc09Key.Parse(record.Key, record.KeyFormat);
        Clock = record.PanelClock is null ? null : DateTimeZoneProviders.Tzdb[record.PanelClock];
    }

    public AccountRecord Record { get; }
    public Dc09Key? Key { get; }
    public DateTimeZone? Clock { get; }

    /// <summary>
    /// The panel's timestamp as a UTC instant, reading it in the account's clock zone when it keeps local time.
    /// False when that instant is not a DateTime (a panel in a zone east of UTC stamping 01-01-0001, or west of it
    /// stamping 12-31-9999): the frame is refused, it must never throw in a listener.
    /// </summary>
    public bool TryToUtc(DateTime panelTime, out DateTime utc)
    {
        if (Clock is null)
        {
            utc = DateTime.SpecifyKind(panelTime, DateTimeKind.Utc);
            return true;
        }
        // Zone offsets stay within ±18 h: two days from either end leaves room for any of them.
        if (panelTime < DateTime.MinValue.AddDays(2) || panelTime > DateTime.MaxValue.AddDays(-2))
        {
            utc = default;
            return false;
        }
        // Ambiguous local times (the autumn hour) resolve to the earlier instant; skipped ones shift forward.
        var local = LocalDateTime.FromDateTime(panelTime);
        utc = local.InZoneLeniently(Clock).ToDateTimeUtc();
        return true;
    }
}

/// <summary>
/// The accounts the receiver knows, swapped atomically when the registry changes: readers never lock.
/// Lookup prefers the most specific registration (account with its receiver and line, then either, then neither).
/// </summary>
public sealed class AccountDirectory
{
    private volatile Snapshot _snapshot = new(0, []);

    public long Version => _snapshot.Version;

    public int Count => _snapshot.Count;

    public void Replace(long version, IEnumerable<AccountRecord> records)
    {
        var byAccount = new Dictionary<string, List<KnownAccount>>(StringComparer.Ordinal);
        var count = 0;
        foreach (var record in records)
        {
            if (!byAccount.TryGetValue(record.Account, out var list))
            {
                byAccount[record.Account] = list = [];
            }
            list.Add(new KnownAccount(record));
            count++;
        }
        _snapshot = new Snapshot(version, byAccount.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal)) { Count = count };
    }

    public KnownAccount? Find(ReadOnlySpan<byte> account, ReadOnlySpan<byte> receiver, ReadOnlySpan<byte> line)
    {
        if (account.IsEmpty || account.Length > 16)
        {
            return null;
        }
        Span<char> name = stackalloc char[account.Length];
        for (var i = 0; i < account.Length; i++)
        {
            name[i] = (char)account[i];
        }
        var lookup = _snapshot.ByAccount.GetAlternateLookup<ReadOnlySpan<char>>();
        if (!lookup.TryGetValue(name, out var candidates))
        {
            return null;
        }
        KnownAccount? best = null;
        var bestScore = -1;
        foreach (var candidate in candidates)
        {
            var r = candidate.Record.Receiver;
            var l = candidate.Record.Line;
            var receiverMatches = r.Length == 0 || SameAscii(r, receiver);
            var lineMatches = l.Length == 0 || SameAscii(l, line);
            if (!receiverMatches || !lineMatches)
            {
                continue;
            }
            var score = (r.Length > 0 ? 2 : 0) + (l.Length > 0 ? 1 : 0);
            if (score > bestScore)
            {
                best = candidate;
                bestScore = score;
            }
        }
        return best;
    }

    private static bool SameAscii(string expected, ReadOnlySpan<byte> actual)
    {
        if (expected.Length != actual.Length)
        {
            return false;
        }
        for (var i = 0; i < expected.Length; i++)
        {
            if (char.ToUpperInvariant(expected[i]) != char.ToUpperInvariant((char)actual[i]))
            {
                return false;
            }
        }
        return true;
    }

    private sealed record Snapshot(long Version, Dictionary<string, KnownAccount[]> ByAccount)
    {
        public int Count { get; init; }
    }
}

/// <summary>Keeps the directory in step with the registry: polls the change counter, reloads on change.</summary>
public sealed partial class AccountWatcher(IAccountRegistry store, AccountDirectory directory, ReceiverOptions options, ILogger<AccountWatcher> logger)
{
    public void LoadNow()
    {
        var (version, records) = store.Load();
        directory.Replace(version, records);
        ReceiverLog.AccountsReloaded(logger, directory.Count, version);
    }

    public async Task RunAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(options.AccountReloadInterval);
        while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false))
        {
            try
            {
                if (store.CurrentVersion() != directory.Version)
                {
                    LoadNow();
                }
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                // Whatever the registry holds, keep the accounts we have; the next tick tries again.
                LogReloadFailed(logger, error);
            }
        }
    }

    [LoggerMessage(20, LogLevel.Warning, "Account registry could not be reloaded; keeping the previous accounts")]
    private static partial void LogReloadFailed(ILogger logger, Exception error);
}
