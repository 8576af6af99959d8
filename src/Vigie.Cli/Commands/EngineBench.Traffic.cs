using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Vigie.Protocols.Dc09;
using Vigie.Receiver.Journal;
using Vigie.Receiver.Reception;
using Vigie.Receiver.Simulation;
using Vigie.Station.Engine;
using Vigie.Station.Ports;

namespace Vigie.Cli.Commands;

/// <summary>`vigie bench engine`, the panels' side: the traffic sent and what came back.</summary>
internal static partial class EngineBench
{
    /// <summary>
    /// The panels' side of the load: background panels, each paced at its share of the rate and closed-loop (the
    /// next signal waits for the previous ACK), moving on to another site after each <see cref="Visit"/>; and SOS
    /// from sites that have sent none yet, timed until the console hears of their incident.
    /// </summary>
    private sealed class Traffic(IPEndPoint station, Plan plan)
    {
        // Each site's panels go on numbering where the last one stopped, so a site visited twice sends no copy.
        private readonly int[] _sequences = new int[plan.Sites];
        private readonly int[] _siteOfSlot = [.. Enumerable.Range(0, Math.Min(plan.Panels, plan.Sites))];
        private readonly HashSet<int> _sosSites = [];
        private readonly Random _random = new(20240611);
        private readonly ConcurrentDictionary<string, long> _awaited = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, double> _toNotice = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, double> _toAck = new(StringComparer.Ordinal);

        public int Slots => _siteOfSlot.Length;
        public Counts Background { get; private set; } = new();
        public Counts Sos { get; private set; } = new();
        public int SosSent { get; private set; }
        public int Unnoticed => _awaited.Count;

        public void OnNotice(IncidentNotice notice)
        {
            if (_awaited.TryRemove(notice.IncidentId, out var sent))
            {
                _toNotice[notice.IncidentId] = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
            }
        }

        public List<double> IncidentLatencies() => [.. _toNotice.Values];

        /// <summary>The engine's share: from the panel's ACK (the signal is in the journal) to the notice.</summary>
        public List<double> AfterAck() =>
            [.. _toNotice.Where(n => _toAck.ContainsKey(n.Key)).Select(n => n.Value - _toAck[n.Key])];

        public void Reset()
        {
            Background = new Counts();
            Sos = new Counts();
            SosSent = 0;
            _awaited.Clear();
            _toNotice.Clear();
            _toAck.Clear();
        }

        /// <summary>Waits (10 s at most) until the engine has read the whole journal and every SOS has its incident.</summary>
        public async Task<TimeSpan?> DrainAsync(SignalFeed feed, IJournalReader journal, CancellationToken cancellation)
        {
            var end = await journal.LastIdAsync(cancellation);
            var started = Stopwatch.GetTimestamp();
            while (feed.Cursor < end || !_awaited.IsEmpty)
            {
                if (Stopwatch.GetElapsedTime(started) > TimeSpan.FromSeconds(10))
                {
                    return null;
                }
                await Task.Delay(5, cancellation);
            }
            return Stopwatch.GetElapsedTime(started);
        }

        public async Task<TimeSpan> RunAsync(TimeSpan length, CancellationToken cancellation)
        {
            var start = Stopwatch.GetTimestamp();
            await Task.WhenAll([.. Enumerable.Range(0, Slots).Select(slot => BackgroundPanel(slot, start, length, cancellation)), Alarms(start, length, cancellation)]);
            return Stopwatch.GetElapsedTime(start);
        }

        private async Task BackgroundPanel(int slot, long start, TimeSpan length, CancellationToken cancellation)
        {
            var every = TimeSpan.FromSeconds(Slots / (double)plan.Rate);
            var next = TimeSpan.FromTicks(every.Ticks * slot / Slots);
            while (next < length && !cancellation.IsCancellationRequested)
            {
                var site = _siteOfSlot[slot];
                _siteOfSlot[slot] = (site + Slots) % plan.Sites;
                await using var panel = NewPanel(site, Visit.Length);
                foreach (var (token, payload) in Visit)
                {
                    var wait = next - Stopwatch.GetElapsedTime(start);
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait, cancellation);
                    }
                    Background.Add(token == Dc09Token.Null
                        ? await panel.SendLinkTestAsync(cancellation)
                        : await panel.SendEventAsync(token, payload, cancellation));
                    next += every;
                    if (next >= length)
                    {
                        break;
                    }
                }
            }
        }

        private async Task Alarms(long start, TimeSpan length, CancellationToken cancellation)
        {
            if (plan.AlarmsPerSecond <= 0)
            {
                return;
            }
            var pending = new List<Task>();
            var every = TimeSpan.FromSeconds(1 / plan.AlarmsPerSecond);
            for (var next = every / 2; next < length && _sosSites.Count < plan.Sites && !cancellation.IsCancellationRequested; next += every)
            {
                var wait = next - Stopwatch.GetElapsedTime(start);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, cancellation);
                }
                int site;
                do
                {
                    site = _random.Next(plan.Sites);
                }
                while (!_sosSites.Add(site));
                SosSent++;
                // Not awaited: a slow answer must not hold back the next SOS.
                pending.Add(SendSos(site, cancellation));
            }
            await Task.WhenAll(pending);
        }

        private async Task SendSos(int site, CancellationToken cancellation)
        {
            await using var panel = NewPanel(site, 1);
            await panel.ConnectAsync(cancellation);
            // The clock starts before the frame is written: the receiver's journal, the feed, the site and the
            // incident are all inside the figure.
            var incident = $"{BenchSites.SiteId(site)}-0001";
            var sent = Stopwatch.GetTimestamp();
            _awaited[incident] = sent;
            var reply = await panel.SendEventAsync(Dc09Token.SiaDcs, "Nri1/PA001", cancellation);
            Sos.Add(reply);
            if (reply.Kind == ReplyKind.Ack)
            {
                _toAck[incident] = reply.Latency.TotalMilliseconds;
            }
        }

        private SimulatedPanel NewPanel(int site, int messages)
        {
            var panel = new SimulatedPanel(new PanelProfile { Account = BenchSites.Account(site) }, station, PanelTransport.Tcp)
            {
                ReplyTimeout = TimeSpan.FromSeconds(10),
            };
            panel.SetNextSequence((Interlocked.Add(ref _sequences[site], messages) - messages) % 9999 + 1);
            return panel;
        }
    }

    /// <summary>Acknowledged and unanswered messages, with the ACK latencies.</summary>
    private sealed class Counts
    {
        private readonly List<double> _latencies = [];
        private readonly Lock _gate = new();
        public long Acked;
        public long Unanswered;

        public void Add(PanelReply reply)
        {
            if (reply.Kind != ReplyKind.Ack)
            {
                Interlocked.Increment(ref Unanswered);
                return;
            }
            Interlocked.Increment(ref Acked);
            lock (_gate)
            {
                _latencies.Add(reply.Latency.TotalMilliseconds);
            }
        }

        public double P(double percentile)
        {
            lock (_gate)
            {
                return BenchCommand.Percentile(_latencies, percentile);
            }
        }
    }
}
