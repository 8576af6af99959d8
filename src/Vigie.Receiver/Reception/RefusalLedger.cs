using System.Net;

namespace Vigie.Receiver.Reception;

/// <summary>
/// What each source address has lately sent that the station does not trust (unknown accounts, refused and
/// unreadable messages): a rolling quota on how many of them are stored, and when their next log line is due.
/// Without it, one address could fill the journal and the log. Only refusals come here, so one lock is cheap;
/// the number of addresses tracked is capped, and an address beyond the cap is treated as over its quota.
/// </summary>
public sealed class RefusalLedger(ReceiverOptions options)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Source> _sources = new(StringComparer.Ordinal);
    private DateTime _nextSweep;

    /// <summary>The address part of a remote end point ("10.0.0.1:5000" → "10.0.0.1"): a panel's port changes, its address does not.</summary>
    public static string AddressOf(string remote) =>
        IPEndPoint.TryParse(remote, out var endPoint) ? endPoint.Address.ToString() : remote;

    /// <summary>True when one more untrusted frame from this address may be stored (and counts it).</summary>
    public bool TryStore(string address, DateTime now)
    {
        lock (_lock)
        {
            if (Find(address, now) is not { } source)
            {
                return false;
            }
            var window = options.RefusedQuotaWindow;
            source.Roll(now, window);
            // Sliding-window estimate: the previous window counts for the part of it still inside the last `window`.
            var elapsed = (now - source.WindowStart) / window;
            var estimate = (source.Previous * (1 - Math.Clamp(elapsed, 0, 1))) + source.Current;
            if (estimate >= options.RefusedStoredPerSource)
            {
                return false;
            }
            source.Current++;
            return true;
        }
    }

    /// <summary>True when a log line about this address is due; <paramref name="suppressed"/> is how many refusals went unlogged since the last one.</summary>
    public bool TryLog(string address, DateTime now, out long suppressed)
    {
        lock (_lock)
        {
            suppressed = 0;
            if (Find(address, now) is not { } source)
            {
                return false;
            }
            if (now < source.NextLog)
            {
                source.Suppressed++;
                return false;
            }
            suppressed = source.Suppressed;
            source.Suppressed = 0;
            source.NextLog = now + options.RefusalLogInterval;
            return true;
        }
    }

    private Source? Find(string address, DateTime now)
    {
        if (now >= _nextSweep)
        {
            Sweep(now);
        }
        if (_sources.TryGetValue(address, out var source))
        {
            source.LastSeen = now;
            return source;
        }
        if (_sources.Count >= options.MaxTrackedSources)
        {
            return null;
        }
        source = new Source { WindowStart = now, LastSeen = now };
        _sources[address] = source;
        return source;
    }

    private void Sweep(DateTime now)
    {
        // An address quiet for two quota windows (and past its log interval) has nothing left to remember.
        var keep = TimeSpan.FromTicks(Math.Max((2 * options.RefusedQuotaWindow).Ticks, options.RefusalLogInterval.Ticks));
        foreach (var (address, source) in _sources)
        {
            if (now - source.LastSeen > keep)
            {
                _sources.Remove(address);
            }
        }
        _nextSweep = now + TimeSpan.FromMinutes(1);
    }

    private sealed class Source
    {
        public DateTime WindowStart;
        public double Previous;
        public double Current;
        public DateTime LastSeen;
        public DateTime NextLog;
        public long Suppressed;

        public void Roll(DateTime now, TimeSpan window)
        {
            if (now - WindowStart < window)
            {
                return;
            }
            var wholeWindowsMissed = now - WindowStart >= 2 * window;
            Previous = wholeWindowsMissed ? 0 : Current;
            Current = 0;
            WindowStart = wholeWindowsMissed ? now : WindowStart + window;
        }
    }
}
