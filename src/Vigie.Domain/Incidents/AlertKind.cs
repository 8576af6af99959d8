using Vigie.Domain.Signals;

namespace Vigie.Domain.Incidents;

/// <summary>The events that make an alert (ALR-1).</summary>
public enum AlertKind
{
    Intrusion,
    Tamper,
    Sos,
    Duress,
    Smoke,
    CarbonMonoxide,
    Flood,

    // Technical incidents (supervision, SUP-1 … SUP-5): queued after every alarm.

    /// <summary>Nothing heard from the site on any path.</summary>
    SiteLost,
    /// <summary>One transmission path (IP or GSM) silent while the site is heard on the other.</summary>
    PathLost,
    /// <summary>The daily cyclic test did not come (SUP-1).</summary>
    CyclicTestMissed,
    /// <summary>Mains power cut at the site (SUP-3).</summary>
    MainsFailure,
    /// <summary>A low battery in the panel or a detector (SUP-2).</summary>
    LowBattery,
    /// <summary>A self-diagnosed fault: radio loss, communication or system trouble (SUP-2).</summary>
    EquipmentFault,
    /// <summary>A camera's link to the station lost (SUP-4, SUP-5).</summary>
    CameraLinkLost,
    /// <summary>Many sites lost at once: one incident for the station's operators (a network or provider outage).</summary>
    MassOutage,
}

/// <summary>Alerts of one family share one open incident per site: a second motion joins the first one's incident.</summary>
public enum AlertFamily
{
    Intrusion,
    Sos,
    DomesticRisk,
    /// <summary>Supervision faults (SUP-1 … SUP-3): one open technical incident per site, later faults join it.</summary>
    Technical,
    /// <summary>Pro-video camera link losses (SUP-5): their own procedure, so their own incident.</summary>
    VideoLink,
}

/// <summary>How an incident is handled (ALR-4).</summary>
public enum ProcedureKind
{
    /// <summary>Automatic voice calls through the instructions (ALR-5).</summary>
    InfoAlertes,
    /// <summary>Operator handling of an intrusion or tamper (ALR-8 … ALR-11).</summary>
    OperatorIntrusion,
    /// <summary>SOS and duress (ALR-12, ALR-13).</summary>
    OperatorSos,
    /// <summary>Smoke, CO, flood: information of the people away (ALR-14).</summary>
    OperatorDomesticRisk,
    /// <summary>A supervision fault: remote maintenance, else a technician visit on a working day; the subscriber informed (SUP-1 … SUP-3).</summary>
    Technical,
    /// <summary>Pro-video link loss: call the client in the call hours, after-sales request to the provider (SUP-5).</summary>
    VideoLinkLoss,
    /// <summary>Many sites lost at once: the station follows the sites coming back (no single site).</summary>
    MassOutage,
}

public static class AlertKinds
{
    public static AlertKind? FromSignal(SignalKind kind) => kind switch
    {
        SignalKind.Intrusion => AlertKind.Intrusion,
        SignalKind.Tamper => AlertKind.Tamper,
        SignalKind.Sos => AlertKind.Sos,
        SignalKind.Duress => AlertKind.Duress,
        SignalKind.Smoke => AlertKind.Smoke,
        SignalKind.CarbonMonoxide => AlertKind.CarbonMonoxide,
        SignalKind.Flood => AlertKind.Flood,
        _ => null,
    };

    public static AlertFamily Family(this AlertKind kind) => kind switch
    {
        AlertKind.Intrusion or AlertKind.Tamper => AlertFamily.Intrusion,
        AlertKind.Sos or AlertKind.Duress => AlertFamily.Sos,
        AlertKind.Smoke or AlertKind.CarbonMonoxide or AlertKind.Flood => AlertFamily.DomesticRisk,
        AlertKind.SiteLost or AlertKind.PathLost or AlertKind.CyclicTestMissed or AlertKind.MainsFailure or AlertKind.LowBattery
            or AlertKind.EquipmentFault or AlertKind.MassOutage => AlertFamily.Technical,
        AlertKind.CameraLinkLost => AlertFamily.VideoLink,
    };

    /// <summary>A supervision fault rather than an alarm (ALR-1): no police, no agent, no code check.</summary>
    public static bool IsTechnical(this AlertKind kind) => kind.Family() is AlertFamily.Technical or AlertFamily.VideoLink;

    /// <summary>The technical procedures (SUP-1 … SUP-5), where the alarm procedures' actions do not apply.</summary>
    public static bool IsTechnical(this ProcedureKind procedure) =>
        procedure is ProcedureKind.Technical or ProcedureKind.VideoLinkLoss or ProcedureKind.MassOutage;

    /// <summary>Active whatever the arming mode (SITE-4).</summary>
    public static bool IsAlwaysActive(this AlertKind kind) => kind.Family() is AlertFamily.Sos or AlertFamily.DomesticRisk;

    /// <summary>
    /// Queue order for the operators: SOS and duress first, then fire, CO, intrusion, tamper, flood (lower
    /// number = more urgent). Technical incidents (supervision) come after every alarm.
    /// </summary>
    public static int Priority(this AlertKind kind) => kind switch
    {
        AlertKind.Duress => 1,
        AlertKind.Sos => 1,
        AlertKind.Smoke => 2,
        AlertKind.CarbonMonoxide => 3,
        AlertKind.Intrusion => 4,
        AlertKind.Tamper => 5,
        AlertKind.Flood => 6,
        AlertKind.MassOutage => 10,
        AlertKind.SiteLost => 11,
        AlertKind.PathLost => 12,
        AlertKind.CameraLinkLost => 13,
        AlertKind.CyclicTestMissed => 14,
        AlertKind.EquipmentFault => 15,
        AlertKind.LowBattery => 16,
        AlertKind.MainsFailure => 17,
    };
}
