using Orleans;
using Vigie.Storage;

namespace Vigie.Station.Engine;

/// <summary>
/// What a stopped or lost station left under way, taken up from the log: every stored deadline re-armed (the grain
/// it wakes may live on any silo and ignores a deadline not yet due), open incidents woken (a call that was ringing
/// rings again), messages and arming commands still in the log (cut off between their commit and their sending, or
/// whose sending failed) handed to their delivery grains. Run at start, and in a cluster when another station is
/// declared dead: a message another living station is sending at that moment is not sent twice, as its one grain
/// finds it gone once that sending is done.
/// </summary>
public sealed class EngineResumption(IEventLog log, IGrainFactory grains, Deadlines deadlines, Outbox outbox, PanelCommandQueue panelCommands)
{
    /// <summary>The number of deadlines re-armed.</summary>
    public async Task<int> ResumeAsync(CancellationToken ct)
    {
        var resumed = await deadlines.ResumeAsync(log, ct);
        foreach (var open in await log.ListDocumentsAsync(Collections.OpenIncidents, ct))
        {
            await grains.GetGrain<IIncidentGrain>(open.Key).State();
        }
        await outbox.ResumeAsync(ct);
        // Arming commands too, while still in time (RC-1).
        await panelCommands.ResumeAsync(ct);
        return resumed;
    }
}
