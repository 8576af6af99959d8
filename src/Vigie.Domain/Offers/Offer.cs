namespace Vigie.Domain.Offers;

/// <summary>The offers of the catalogue (DOMAIN §2).</summary>
public enum OfferCode
{
    EVeille,
    Essentielle,
    ALaCarte,
    ToutInclus,
    Video,
    ProVideo,
}

/// <summary>Who handles an alert (ALR-4).</summary>
public enum AlertHandling
{
    /// <summary>Automatic voice calls to the instructions' numbers (ALR-5).</summary>
    InfoAlertes,
    /// <summary>Certified operators at the station (ALR-8).</summary>
    Operators,
}

/// <summary>
/// What an offer promises and what it costs. The figures come from the price list (data/) and the policies
/// from the contracts; both are data that another company running Vigie would change.
/// </summary>
public sealed record Offer
{
    public required OfferCode Code { get; init; }
    public required string Name { get; init; }
    public required AlertHandling Handling { get; init; }
    /// <summary>The subscriber may delegate alerts to operators for 24-h periods (ALR-7).</summary>
    public bool ProtectPlusAvailable { get; init; }
    /// <summary>An interpellation speaker comes with the offer (ALR-8, ALR-12).</summary>
    public bool IncludesSpeaker { get; init; }
    /// <summary>Smoke, CO and flood go through INFO Alertes (ALR-5 "where subscribed").</summary>
    public bool DomesticRisksByInfoAlertes { get; init; }
    /// <summary>A business offer: at least <see cref="MinimumContacts"/> contacts (CON-3).</summary>
    public bool Professional { get; init; }
    public int MinimumContacts { get; init; } = 1;
    /// <summary>Most cameras a site may have on this offer (SITE-6); null = no limit stated.</summary>
    public int? MaxCameras { get; init; }
    public decimal? MonthlyPrice { get; init; }
    public decimal? SetupFee { get; init; }
    public decimal? ProtectPlusDayPrice { get; init; }
    /// <summary>Agent sent on request, outside PROTECT+ (ALR-6, BIL-5).</summary>
    public decimal AgentOnRequestFee { get; init; }
    /// <summary>Agent sent for a false alarm caused by the subscriber (ALR-15, BIL-5).</summary>
    public decimal UnjustifiedAgentTripFee { get; init; }
    /// <summary>Ceiling of guarding and securing advanced for the subscriber (ALR-11, BIL-5).</summary>
    public decimal GuardingCeiling { get; init; }

    /// <summary>Who handles an alert at this moment: PROTECT+ turns INFO Alertes into operator handling (ALR-4, ALR-7).</summary>
    public AlertHandling HandlingAt(bool inProtectPlus) =>
        inProtectPlus && ProtectPlusAvailable ? AlertHandling.Operators : Handling;
}
