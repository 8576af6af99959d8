using Orleans;

namespace Vigie.Station.Engine;

/// <summary>
/// The one sender of one outbox message in the whole cluster, keyed by the message's outbox key. Not reentrant:
/// the direct delivery after the commit and every station's resume queue on the same activation, and each finds the
/// message still in the log (and sends it) or already gone (and does nothing).
/// </summary>
internal interface IOutboxDeliveryGrain : IGrainWithStringKey
{
    Task Deliver();
}

/// <summary>The one sender of one panel arming command in the whole cluster, keyed by its request id; as <see cref="IOutboxDeliveryGrain"/>.</summary>
internal interface IPanelCommandDeliveryGrain : IGrainWithStringKey
{
    Task Deliver();
}

internal sealed class OutboxDeliveryGrain(Outbox outbox) : Grain, IOutboxDeliveryGrain
{
    public async Task Deliver()
    {
        await outbox.SendAsync(this.GetPrimaryKeyString());
        // Nothing to keep: a later call re-reads the log, from this activation or a new one.
        DeactivateOnIdle();
    }
}

internal sealed class PanelCommandDeliveryGrain(PanelCommandQueue queue) : Grain, IPanelCommandDeliveryGrain
{
    public async Task Deliver()
    {
        await queue.SendAsync(this.GetPrimaryKeyString());
        DeactivateOnIdle();
    }
}
