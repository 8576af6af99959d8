namespace Vigie.Domain.Incidents;

/// <summary>Billable events the engine produces (BIL-5); billing turns them into invoice lines.</summary>
public enum Fee
{
    /// <summary>Agent sent at the subscriber's or a contact's request, or outside PROTECT+ (ALR-6, ALR-12).</summary>
    AgentOnRequest,
    /// <summary>Agent sent for a false alarm caused by the subscriber (ALR-15).</summary>
    UnjustifiedAgentTrip,
    /// <summary>Guarding and securing advanced for the subscriber, on receipts (ALR-11).</summary>
    GuardingAdvance,
    /// <summary>Police charges for an unjustified trip, passed on at cost when the police claim them (ALR-15).</summary>
    PoliceChargesPassedOn,
    /// <summary>One PROTECT+ day (ALR-7).</summary>
    ProtectPlusDay,
    /// <summary>One arm/disarm information SMS (RC-5).</summary>
    ArmingNoticeSms,
}

/// <summary>
/// One billable event. A null amount means "at cost, when known" (police charges). <see cref="Description"/> is the
/// English line for logs and the API; <see cref="What"/> the typed description a reader's text is made from (the fee's
/// name when null, as in charges recorded before it was kept).
/// </summary>
public sealed record Charge(Fee Fee, decimal? Amount, int Quantity, string Description)
{
    public Step? What { get; init; }

    // What is the typed form of Description, the same fact: equal descriptions are equal charges.
    public bool Equals(Charge? other) =>
        other is not null && Fee == other.Fee && Amount == other.Amount && Quantity == other.Quantity && Description == other.Description;

    public override int GetHashCode() => HashCode.Combine(Fee, Amount, Quantity, Description);
}
