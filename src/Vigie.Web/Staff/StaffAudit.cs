using System.Text.Json;
using NodaTime;
using Vigie.Station;
using Vigie.Storage;

namespace Vigie.Web.Staff;

/// <summary>One audited console action: who, what, on what, and whether it was allowed.</summary>
public sealed record AuditEntry(string Action, string? Target, bool Allowed, string? Detail);

/// <summary>
/// The console's audit trail: logins, refusals, takes, exports... appended to one hash-chained stream of the event
/// log ("staff-audit"), so it is kept, ordered and tamper-evident like the incidents. Incident steps themselves are
/// already in each incident's stream with the operator's identity.
/// </summary>
public sealed class StaffAudit(IEventLog log, StationClock clock)
{
    public const string Stream = "staff-audit";
    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _version = -1;

    /// <summary>Longest actor, target or detail kept: a caller-chosen string (a path, a login) cannot bloat the trail.</summary>
    public const int MaxTextLength = 300;

    public async Task RecordAsync(string actor, AuditEntry entry)
    {
        actor = Clip(actor)!;
        entry = entry with { Action = Clip(entry.Action)!, Target = Clip(entry.Target), Detail = Clip(entry.Detail) };
        await _gate.WaitAsync();
        try
        {
            if (_version < 0)
            {
                _version = await log.StreamVersionAsync(Stream);
            }
            var data = JsonSerializer.Serialize(entry, AuditJson.Options);
            await log.AppendAsync(Stream, _version, [new NewEvent("audit." + entry.Action, data, actor, clock.GetCurrentInstant())]);
            _version++;
        }
        catch (StreamVersionConflictException)
        {
            _version = -1; // another writer: read the version again next time
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    private static string? Clip(string? text) => text is { Length: > MaxTextLength } ? string.Concat(text.AsSpan(0, MaxTextLength - 1), "…") : text;

    public async Task<IReadOnlyList<AuditRecord>> RecentAsync(int count)
    {
        var version = await log.StreamVersionAsync(Stream);
        var events = await log.ReadStreamAsync(Stream, Math.Max(1, version - count + 1));
        return [.. events.Reverse().Select(e => new AuditRecord(e.At, e.Actor, JsonSerializer.Deserialize<AuditEntry>(e.Data, AuditJson.Options)!))];
    }

    private static class AuditJson
    {
        public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
    }
}

public sealed record AuditRecord(Instant At, string Actor, AuditEntry Entry);
