namespace Vigie.Domain.Incidents;

/// <summary>
/// The steps a person at the console takes in each procedure (ALR-4): what the incident screen offers. A step
/// outside its procedure's list is one the domain refuses in it (or that cannot come up in it), so it is not shown at all.
/// </summary>
public static partial class Incident
{
    private static readonly string[] Ending = ["close"];

    /// <summary>The console's steps of <paramref name="procedure"/>, in the order the procedure takes them.</summary>
    public static IReadOnlyList<string> Steps(ProcedureKind procedure) => procedure switch
    {
        // ALR-8 … ALR-11: verify on site, call the subscriber then the contacts, agent, police after verification, guarding.
        ProcedureKind.OperatorIntrusion => ["interpellate", "call-site", "check-code", "call-person", "dispatch-agent", "agent-findings", "call-police", "inform-break-in", "organise-guarding", .. Ending],
        // ALR-12: listen passively first, then the same steps.
        ProcedureKind.OperatorSos => ["listen", "interpellate", "call-site", "check-code", "call-person", "dispatch-agent", "agent-findings", "call-police", "inform-break-in", "organise-guarding", .. Ending],
        // ALR-14: information only: the subscriber, then the contacts.
        ProcedureKind.OperatorDomesticRisk => ["call-person", .. Ending],
        // ALR-5, ALR-6: the voice server calls and checks codes; the station sends the agent asked for and follows up.
        ProcedureKind.InfoAlertes => ["dispatch-agent", "agent-findings", "call-police", "inform-break-in", "organise-guarding", .. Ending],
        // SUP-1 … SUP-3.
        ProcedureKind.Technical => ["remote-maintenance", "book-technician", "inform-subscriber", .. Ending],
        // SUP-5.
        ProcedureKind.VideoLinkLoss => ["call-client-about-link", "request-after-sales", "inform-subscriber", .. Ending],
        ProcedureKind.MassOutage => Ending,
        _ => Ending,
    };
}
