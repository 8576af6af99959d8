using Vigie.Domain.Incidents;
using Vigie.Domain.Offers;

namespace Vigie.Domain.Sites;

/// <summary>
/// Why an alarm or a fault raised nothing (SITE-4, SITE-5, CON-7, ALR-22), twice: the English line for logs and the
/// API, and the typed step a reader's text is made from in the reader's language.
/// </summary>
public sealed record NotRaised(string Reason, Step Why)
{
    public static NotRaised NotStarted(IEnumerable<ActivationStep> missing)
    {
        var steps = missing.ToList();
        return new($"telesurveillance has not started (missing: {string.Join(", ", steps)})",
            Step.Of("NotRaised.NotStarted", Step.Of(SiteSteps.ListKey, [.. steps.Select(s => StepValue.Named(s))])));
    }

    public static NotRaised OnTest(TestPeriod test) =>
        new(test.Describe(), Step.Of(test.Kind == TestPeriodKind.Maintenance ? "NotRaised.Maintenance" : "NotRaised.DetectorTest", test.PeriodId, test.End, test.Reason));

    public static NotRaised Disarmed { get; } = new("the site is disarmed", Step.Of("NotRaised.Disarmed"));

    public static NotRaised NotInPartial(Zone zone) =>
        new($"zone {zone.Number} ({zone.Name}) is not watched in partial mode", Step.Of("NotRaised.NotInPartial", zone.Number, zone.Name));

    /// <summary>A mains cut an IP-only site cannot report by SMS (SUP-3).</summary>
    public static NotRaised NoGsm { get; } =
        new("the site has no GSM transmitter: an IP-only site cannot report a mains cut (SUP-3)", Step.Of("NotRaised.NoGsm"));

    /// <summary>No mobile of the subscriber for the mains-cut SMS (SUP-3).</summary>
    public static NotRaised NoMobile { get; } = new("the instructions hold no mobile number of the subscriber (SUP-3)", Step.Of("NotRaised.NoMobile"));

    /// <summary>The offer does not handle this kind; <paramref name="option"/>: an option would, and it is not subscribed.</summary>
    public static NotRaised NotHandled(Offer offer, AlertKind kind, bool option) =>
        new($"{offer.Name}: {kind} is not handled" + (option ? " (option not subscribed)" : ""),
            Step.Of(option ? "NotRaised.OptionNotSubscribed" : "NotRaised.NotHandled", offer.Name, StepValue.Named(kind)));
}
