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
}

/// <summary>Alerts of one family share one open incident per site: a second motion joins the first one's incident.</summary>
public enum AlertFamily
{
    Intrusion,
    Sos,
    DomesticRisk,
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
    };

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
    };
}
