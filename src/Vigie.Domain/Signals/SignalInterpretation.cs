using Vigie.Protocols.Events;

namespace Vigie.Domain.Signals;

/// <summary>
/// Reads decoded panel events (SIA DC-03 and Contact ID share one model) as site signals. Restores of alarms
/// are history only; openings and closings carry who and how.
/// </summary>
public static class SignalInterpretation
{
    public static SiteSignal Interpret(AlarmEvent e)
    {
        var restore = e.Qualifier == EventQualifier.Restore;
        var kind = e.Kind switch
        {
            AlarmEventKind.Burglary => restore ? SignalKind.AlarmRestored : SignalKind.Intrusion,
            AlarmEventKind.Tamper => restore ? SignalKind.AlarmRestored : SignalKind.Tamper,
            AlarmEventKind.Panic or AlarmEventKind.Medical => restore ? SignalKind.AlarmRestored : SignalKind.Sos,
            AlarmEventKind.Duress => restore ? SignalKind.AlarmRestored : SignalKind.Duress,
            AlarmEventKind.FireSmoke or AlarmEventKind.Heat => restore ? SignalKind.AlarmRestored : SignalKind.Smoke,
            AlarmEventKind.CarbonMonoxide or AlarmEventKind.Gas => restore ? SignalKind.AlarmRestored : SignalKind.CarbonMonoxide,
            AlarmEventKind.Water => restore ? SignalKind.AlarmRestored : SignalKind.Flood,
            // The decoders already turn Contact ID's E401/R401 into an opening and a closing.
            AlarmEventKind.Opening => SignalKind.Disarmed,
            AlarmEventKind.Closing => SignalKind.ArmedTotal,
            AlarmEventKind.PartialClosing => SignalKind.ArmedPartial,
            AlarmEventKind.AcLoss => restore ? SignalKind.MainsRestored : SignalKind.MainsLost,
            AlarmEventKind.LowBattery => restore ? SignalKind.BatteryRestored : SignalKind.LowBattery,
            AlarmEventKind.PeriodicTest or AlarmEventKind.ManualTest => SignalKind.PeriodicTest,
            AlarmEventKind.CommunicationFault or AlarmEventKind.SystemTrouble => restore ? SignalKind.FaultRestored : SignalKind.Fault,
            AlarmEventKind.Unknown or AlarmEventKind.Bypass or AlarmEventKind.Unbypass or AlarmEventKind.Cancel
                or AlarmEventKind.PowerUp or AlarmEventKind.ProgramMode => SignalKind.Other,
        };
        var channel = kind is SignalKind.ArmedTotal or SignalKind.ArmedPartial or SignalKind.Disarmed
            ? ChannelOf(e)
            : ArmingChannel.Unknown;
        return new SiteSignal(kind, e.Zone, e.User, channel, e.RawCode, e.Label);
    }

    /// <summary>
    /// DC-03 and Contact ID only say "by a user", "remotely", "automatically", "by key switch"; the panel's text
    /// (SIA ^text^) may name a badge, a virtual remote or the portal.
    /// </summary>
    private static ArmingChannel ChannelOf(AlarmEvent e)
    {
        var text = e.Text ?? "";
        if (text.Contains("badge", StringComparison.OrdinalIgnoreCase))
        {
            return ArmingChannel.Badge;
        }
        if (text.Contains("virtual", StringComparison.OrdinalIgnoreCase) || text.Contains("access+", StringComparison.OrdinalIgnoreCase))
        {
            return ArmingChannel.VirtualRemote;
        }
        // Before "remote control": the station's own command names the portal or app it came from (RC-1).
        if (text.Contains("portal", StringComparison.OrdinalIgnoreCase) || text.Contains("web remote", StringComparison.OrdinalIgnoreCase))
        {
            return ArmingChannel.RemoteControl;
        }
        if (text.Contains("telecommande", StringComparison.OrdinalIgnoreCase) || text.Contains("remote control", StringComparison.OrdinalIgnoreCase))
        {
            return ArmingChannel.Remote;
        }
        return e.Method switch
        {
            ArmingMethod.User or ArmingMethod.Quick => ArmingChannel.Keypad,
            ArmingMethod.Remote => ArmingChannel.RemoteControl,
            ArmingMethod.Automatic => ArmingChannel.Automatic,
            ArmingMethod.Keyswitch => ArmingChannel.KeySwitch,
            ArmingMethod.NotApplicable or ArmingMethod.Unknown => ArmingChannel.Unknown,
        };
    }
}
