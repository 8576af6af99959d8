using Microsoft.Extensions.Logging;
using Vigie.Station.Ports;

namespace Vigie.Station.Engine;

/// <summary>The staff audit of a station that runs without the console (its own tests, the benches): a warning in the log.</summary>
internal sealed partial class StaffAuditLog(ILogger<StaffAuditLog> logger) : IStaffAuditTrail
{
    public Task RecordAsync(string actor, string action, string target, string detail)
    {
        Recorded(logger, actor, action, target, detail);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "staff audit: {Actor} {Action} on {Target}: {Detail}")]
    private static partial void Recorded(ILogger logger, string actor, string action, string target, string detail);
}
