using Vigie.Station.Ports;
using Vigie.Web.Staff;

namespace Vigie.Web.Api;

/// <summary>The engine's administrative steps (a panel account re-bound) in the console's hash-chained staff audit.</summary>
internal sealed class StaffAuditTrail(StaffAudit audit) : IStaffAuditTrail
{
    public Task RecordAsync(string actor, string action, string target, string detail) =>
        audit.RecordAsync(actor, new AuditEntry(action, target, true, detail));
}
