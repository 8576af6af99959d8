using System.Diagnostics.Metrics;

namespace Vigie.Receiver;

/// <summary>
/// Counters of the meter "Vigie.Receiver", readable live with
/// `dotnet-counters monitor -n vigie --counters Vigie.Receiver` or any OpenTelemetry exporter.
/// </summary>
public sealed class ReceiverMetrics : IDisposable
{
    public const string MeterName = "Vigie.Receiver";

    private readonly Meter _meter;
    private readonly Counter<long> _framesIn;
    private readonly Counter<long> _acks;
    private readonly Counter<long> _naks;
    private readonly Counter<long> _duhs;
    private readonly Counter<long> _noReply;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _unknownAccounts;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _connectionsClosed;
    private readonly Counter<long> _connectionsRefused;
    private readonly Counter<long> _notStored;
    private readonly Counter<long> _faults;
    private readonly Histogram<double> _commitLatency;
    private readonly Histogram<int> _commitBatch;
    private long _openConnections;
    private long _acked;

    public ReceiverMetrics(IMeterFactory? factory = null)
    {
        _meter = factory?.Create(MeterName) ?? new Meter(MeterName);
        _framesIn = _meter.CreateCounter<long>("vigie.receiver.frames_in", "{frame}", "Frames read from panels, per transport.");
        _acks = _meter.CreateCounter<long>("vigie.receiver.acks", "{frame}", "ACK or *ACK sent (after the journal commit).");
        _naks = _meter.CreateCounter<long>("vigie.receiver.naks", "{frame}", "NAK sent, per reason.");
        _duhs = _meter.CreateCounter<long>("vigie.receiver.duhs", "{frame}", "DUH sent (unreadable encrypted message).");
        _noReply = _meter.CreateCounter<long>("vigie.receiver.no_reply", "{frame}", "Frames left unanswered (bad CRC, overload).");
        _duplicates = _meter.CreateCounter<long>("vigie.receiver.duplicates", "{frame}", "Copies of an already stored message, acknowledged again.");
        _unknownAccounts = _meter.CreateCounter<long>("vigie.receiver.unknown_accounts", "{frame}", "Messages from accounts not in the registry.");
        _rejected = _meter.CreateCounter<long>("vigie.receiver.rejected", "{frame}", "Refused frames per reason (malformed, too long, timestamp…).");
        _connectionsClosed = _meter.CreateCounter<long>("vigie.receiver.connections_closed", "{connection}", "TCP connections closed by the receiver, per reason.");
        _connectionsRefused = _meter.CreateCounter<long>("vigie.receiver.connections_refused", "{connection}", "TCP connections closed at once, over the total or per-address cap.");
        _notStored = _meter.CreateCounter<long>("vigie.receiver.untrusted_not_stored", "{frame}", "Untrusted frames beyond their source's quota: counted, not stored.");
        _faults = _meter.CreateCounter<long>("vigie.receiver.faults", "{frame}", "Frames whose handling threw: answered NAK, the listener carried on.");
        _commitLatency = _meter.CreateHistogram<double>("vigie.receiver.journal_commit_latency", "ms", "Time to write and commit one journal batch.");
        _commitBatch = _meter.CreateHistogram<int>("vigie.receiver.journal_batch_size", "{frame}", "Frames per journal commit.");
        _meter.CreateObservableGauge("vigie.receiver.open_connections", () => Interlocked.Read(ref _openConnections), "{connection}", "Open TCP connections.");
    }

    /// <summary>This instance's meter (several stations in one process, as in tests, each have their own).</summary>
    public Meter Meter => _meter;

    public long Acknowledged => Interlocked.Read(ref _acked);

    public void FrameIn(string transport) => _framesIn.Add(1, new KeyValuePair<string, object?>("transport", transport));

    public void Ack()
    {
        Interlocked.Increment(ref _acked);
        _acks.Add(1);
    }

    public void Nak(string reason) => _naks.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Duh() => _duhs.Add(1);

    public void NoReply(string reason) => _noReply.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Duplicate() => _duplicates.Add(1);

    public void UnknownAccount() => _unknownAccounts.Add(1);

    public void Rejected(string reason) => _rejected.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void NotStored(string reason) => _notStored.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Fault(string transport) => _faults.Add(1, new KeyValuePair<string, object?>("transport", transport));

    public void ConnectionRefused(string reason) => _connectionsRefused.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void ConnectionOpened() => Interlocked.Increment(ref _openConnections);

    public void ConnectionClosed(string reason)
    {
        Interlocked.Decrement(ref _openConnections);
        _connectionsClosed.Add(1, new KeyValuePair<string, object?>("reason", reason));
    }

    public void JournalCommitted(int batchSize, TimeSpan elapsed)
    {
        _commitLatency.Record(elapsed.TotalMilliseconds);
        _commitBatch.Record(batchSize);
    }

    public void Dispose() => _meter.Dispose();
}
