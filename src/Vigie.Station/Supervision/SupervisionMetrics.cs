using System.Diagnostics.Metrics;

namespace Vigie.Station.Supervision;

/// <summary>
/// Meter "Vigie.Supervision": panel contacts handled, liveness changes by kind, and how late each deadline was
/// noticed on the station's clock (the pulse bounds it; dotnet-counters or OpenTelemetry read it).
/// </summary>
public sealed class SupervisionMetrics : IDisposable
{
    public const string MeterName = "Vigie.Supervision";
    public const string LatenessInstrument = "vigie.supervision.deadline.lateness";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _contacts;
    private readonly Counter<long> _changes;
    private readonly Histogram<double> _lateness;

    public SupervisionMetrics()
    {
        _contacts = _meter.CreateCounter<long>("vigie.supervision.contacts", description: "panel contacts handed to the partitions");
        _changes = _meter.CreateCounter<long>("vigie.supervision.changes", description: "liveness changes, by kind");
        _lateness = _meter.CreateHistogram<double>(LatenessInstrument, unit: "ms", description: "how long after its due a deadline was noticed");
    }

    public void Contacts(int count) => _contacts.Add(count);

    public void Change(Vigie.Domain.Supervision.LivenessChange change)
    {
        _changes.Add(1, new KeyValuePair<string, object?>("kind", change.Kind.ToString()));
        if (change.IsLoss)
        {
            _lateness.Record((change.At - change.Due).TotalMilliseconds);
        }
    }

    public void Dispose() => _meter.Dispose();
}
