using Vigie.Protocols.Events;

namespace Vigie.Protocols.Tests.Events;

public class EventCatalogueTests
{
    public static TheoryData<string> Catalogues => ["SIA", "CID"];

    private static IReadOnlyCollection<EventCodeInfo> Get(string name) =>
        name == "SIA" ? EventCatalogue.Sia : EventCatalogue.ContactId;

    [Theory]
    [MemberData(nameof(Catalogues))]
    public void Every_entry_has_english_and_french_labels(string name)
    {
        Assert.NotEmpty(Get(name));
        Assert.All(Get(name), e =>
        {
            Assert.False(string.IsNullOrWhiteSpace(e.Label), e.Code);
            Assert.False(string.IsNullOrWhiteSpace(e.LabelFr), e.Code);
        });
    }

    [Theory]
    [MemberData(nameof(Catalogues))]
    public void Codes_are_unique(string name) =>
        Assert.Equal(Get(name).Count, Get(name).Select(e => e.Code).Distinct(StringComparer.Ordinal).Count());

    [Fact]
    public void Sia_codes_are_two_uppercase_letters_and_found_by_lookup() =>
        Assert.All(EventCatalogue.Sia, e =>
        {
            Assert.Matches("^[A-Z]{2}$", e.Code);
            Assert.Same(e, EventCatalogue.FindSia(e.Code));
        });

    [Fact]
    public void Contact_id_codes_are_three_digits_and_found_by_lookup() =>
        Assert.All(EventCatalogue.ContactId, e =>
        {
            Assert.Matches("^[0-9A-F]{3}$", e.Code);
            Assert.Same(e, EventCatalogue.FindContactId(e.Code));
        });

    [Fact]
    public void Arming_method_is_set_only_for_openings_and_closings()
    {
        Assert.All(EventCatalogue.Sia.Concat(EventCatalogue.ContactId), e =>
        {
            var arming = e.Kind is AlarmEventKind.Opening or AlarmEventKind.Closing or AlarmEventKind.PartialClosing;
            Assert.Equal(arming, e.Method != ArmingMethod.NotApplicable);
        });
    }

    [Fact]
    public void Required_codes_are_present()
    {
        string[] sia =
        [
            "BA", "BR", "BB", "BU", "BC", "BT", "BJ", "BV", "TA", "TR", "PA", "PR", "HA", "HR", "MA", "FA", "FR", "KA", "KR",
            "GA", "GR", "WA", "WR", "AT", "AR", "YT", "YR", "XT", "XR", "YC", "YK", "YS", "LT", "LR", "RP", "RX", "OP", "CL",
            "OA", "CA", "OQ", "CQ", "OS", "CS", "NL", "CG", "OG", "OC", "OR", "RR", "JA", "LB", "LX", "HB",
        ];
        string[] cid =
        [
            "100", "101", "110", "111", "114", "120", "121", "122", "123", "130", "131", "132", "133", "134", "137", "144",
            "145", "151", "154", "162", "301", "302", "311", "344", "350", "351", "354", "373", "383", "384", "400", "401",
            "403", "406", "407", "408", "409", "441", "456", "570", "572", "601", "602", "603", "627", "628",
        ];
        Assert.All(sia, c => Assert.NotNull(EventCatalogue.FindSia(c)));
        Assert.All(cid, c => Assert.NotNull(EventCatalogue.FindContactId(c)));
    }

    [Theory]
    [InlineData("BA", AlarmEventKind.Burglary, EventQualifier.New, EventAddressKind.Zone)]
    [InlineData("BR", AlarmEventKind.Burglary, EventQualifier.Restore, EventAddressKind.Zone)]
    [InlineData("CL", AlarmEventKind.Closing, EventQualifier.New, EventAddressKind.User)]
    [InlineData("HA", AlarmEventKind.Duress, EventQualifier.New, EventAddressKind.Zone)]
    [InlineData("AT", AlarmEventKind.AcLoss, EventQualifier.New, EventAddressKind.None)]
    public void Sia_lookup_values(string code, AlarmEventKind kind, EventQualifier qualifier, EventAddressKind address)
    {
        var info = EventCatalogue.FindSia(code);
        Assert.NotNull(info);
        Assert.Equal((kind, qualifier, address), (info.Kind, info.Qualifier, info.Address));
    }

    [Theory]
    [InlineData("ba")]
    [InlineData("B")]
    [InlineData("BAA")]
    [InlineData("ZQ")]
    [InlineData("")]
    public void Sia_lookup_misses(string code) => Assert.Null(EventCatalogue.FindSia(code));

    [Theory]
    [InlineData("13")]
    [InlineData("1300")]
    [InlineData("13G")]
    [InlineData("999")]
    public void Contact_id_lookup_misses(string code) => Assert.Null(EventCatalogue.FindContactId(code));

    [Theory]
    [InlineData("130", AlarmEventKind.Burglary, EventAddressKind.Zone)]
    [InlineData("401", AlarmEventKind.Closing, EventAddressKind.User)]
    [InlineData("441", AlarmEventKind.PartialClosing, EventAddressKind.User)]
    [InlineData("602", AlarmEventKind.PeriodicTest, EventAddressKind.None)]
    public void Contact_id_lookup_values(string code, AlarmEventKind kind, EventAddressKind address)
    {
        var info = EventCatalogue.FindContactId(code);
        Assert.NotNull(info);
        Assert.Equal((code, kind, address), (info.Code, info.Kind, info.Address));
    }
}
