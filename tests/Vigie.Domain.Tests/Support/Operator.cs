using NodaTime;
using Vigie.Domain.Incidents;

namespace Vigie.Domain.Tests.Support;

/// <summary>Operator steps that several scenarios share, at fixed instants after T0.</summary>
internal static class Operator
{
    public static readonly Actor Agent = new(ActorKind.Agent, "agent-7");

    /// <summary>The site does not answer the speaker (or its phone); subscriber and both contacts get a voicemail or no answer (ALR-8).</summary>
    public static void NobodyReached(IncidentHarness incident, Instant at)
    {
        incident.Do(incident.Brief.HasSpeaker
            ? new Interpellate(Answered: false, Actors.Operator, at)
            : new CallSite(SiteCallOutcome.NoAnswer, Actors.Operator, at));
        incident.Do(new CallPerson(TestSites.SubscriberMobile, CallOutcome.VoicemailLeft, null, Actors.Operator, at + Duration.FromSeconds(30)));
        incident.Do(new CallPerson(TestSites.AlicePhone, CallOutcome.VoicemailLeft, null, Actors.Operator, at + Duration.FromSeconds(60)));
        incident.Do(new CallPerson(TestSites.BrunoPhone, CallOutcome.NoAnswer, null, Actors.Operator, at + Duration.FromSeconds(90)));
    }

    /// <summary>Nobody reached, agent dispatched, agent reports signs of break-in (ALR-9).</summary>
    public static void BreakInFound(IncidentHarness incident, Instant at)
    {
        NobodyReached(incident, at);
        incident.Do(new DispatchAgent(Actors.Operator, at + Duration.FromMinutes(2)));
        incident.Do(new RecordAgentFindings(BreakIn: true, "back door forced", Agent, at + Duration.FromMinutes(20)));
    }

    /// <summary>Break-in found and police called (ALR-10).</summary>
    public static void BreakInReportedToPolice(IncidentHarness incident, Instant at)
    {
        BreakInFound(incident, at);
        incident.Do(new CallPolice("patrol on its way", Actors.Operator, at + Duration.FromMinutes(21)));
    }
}
