using System.Text;
using Vigie.Protocols.Events;

namespace Vigie.Protocols.Tests.Events;

public class SiaDc03DecoderTests
{
    private static PayloadDecodeResult Decode(string payload) => SiaDc03Decoder.Decode(Encoding.Latin1.GetBytes(payload));

    private static AlarmEvent Single(string payload)
    {
        var result = Decode(payload);
        Assert.True(result.Succeeded, result.Error);
        return Assert.Single(result.Events);
    }

    [Fact]
    public void Burglary_alarm_with_area_and_zone()
    {
        var e = Single("Nri1/BA012");
        Assert.Equal(AlarmEventKind.Burglary, e.Kind);
        Assert.Equal(EventQualifier.New, e.Qualifier);
        Assert.Equal(1, e.Partition);
        Assert.Equal(12, e.Zone);
        Assert.Null(e.User);
        Assert.Equal("BA", e.Code);
        Assert.Equal("BA012", e.RawCode);
        Assert.Null(e.Text);
        Assert.Equal(ArmingMethod.NotApplicable, e.Method);
        Assert.Equal("Burglary alarm", e.Label);
        Assert.False(e.IsOldEvent);
        Assert.Null(e.Time);
    }

    [Fact]
    public void Modifier_directly_followed_by_code_without_slash()
    {
        var e = Single("Nri2BA3");
        Assert.Equal((AlarmEventKind.Burglary, 2, 3, "BA3"), (e.Kind, e.Partition, e.Zone, e.RawCode));
    }

    [Fact]
    public void Several_events_share_the_current_area()
    {
        var result = Decode("Nri1/BA012/BA013");
        Assert.True(result.Succeeded, result.Error);
        Assert.Collection(
            result.Events,
            e => Assert.Equal((AlarmEventKind.Burglary, 1, 12), (e.Kind, e.Partition, e.Zone)),
            e => Assert.Equal((AlarmEventKind.Burglary, 1, 13), (e.Kind, e.Partition, e.Zone)));
    }

    [Fact]
    public void Later_modifier_applies_to_following_events_only()
    {
        var result = Decode("Nri1/BA012/ri2/TA001");
        Assert.True(result.Succeeded, result.Error);
        Assert.Collection(
            result.Events,
            e => Assert.Equal((AlarmEventKind.Burglary, 1, 12, "BA012"), (e.Kind, e.Partition, e.Zone, e.RawCode)),
            e => Assert.Equal((AlarmEventKind.Tamper, 2, 1, "TA001"), (e.Kind, e.Partition, e.Zone, e.RawCode)));
    }

    [Fact]
    public void Id_modifier_is_inherited_and_replaced()
    {
        var result = Decode("Nid5/ri1/BA001/id6/TA002");
        Assert.True(result.Succeeded, result.Error);
        Assert.Equal([5, 6], result.Events.Select(e => e.User));
        Assert.Equal([1, 2], result.Events.Select(e => e.Zone));
    }

    [Fact]
    public void Closing_with_free_text()
    {
        var e = Single("Nri1CL0^VX FRONTE ^");
        Assert.Equal(AlarmEventKind.Closing, e.Kind);
        Assert.Equal(ArmingMethod.User, e.Method);
        Assert.Equal(0, e.User);
        Assert.Null(e.Zone);
        Assert.Equal(1, e.Partition);
        Assert.Equal("CL0", e.RawCode);
        Assert.Equal("VX FRONTE", e.Text);
    }

    [Fact]
    public void Heat_restore_with_free_text_on_area_zero()
    {
        var e = Single("Nri0KR1^TAST. 001 ^");
        Assert.Equal((AlarmEventKind.Heat, EventQualifier.Restore, 0, 1), (e.Kind, e.Qualifier, e.Partition, e.Zone));
        Assert.Equal("TAST. 001", e.Text);
    }

    [Fact]
    public void Area_name_after_modifier_and_text_after_code()
    {
        var e = Single("Nri01^TOTAL^/LX901^centrale d'alarme JA-106K(R)^");
        Assert.Equal(AlarmEventKind.ProgramMode, e.Kind);
        Assert.Equal(EventQualifier.Restore, e.Qualifier);
        Assert.Equal(1, e.Partition);
        Assert.Equal("TOTAL", e.PartitionName);
        Assert.Equal("LX901", e.RawCode);
        Assert.Null(e.Zone);
        Assert.Equal("centrale d'alarme JA-106K(R)", e.Text);
    }

    [Fact]
    public void Time_user_and_area_modifiers_then_code_without_address()
    {
        var e = Single("Nti19:44/id1/ri4/RP");
        Assert.Equal(AlarmEventKind.PeriodicTest, e.Kind);
        Assert.Equal(new TimeOnly(19, 44), e.Time);
        Assert.Equal(1, e.User);
        Assert.Equal(4, e.Partition);
        Assert.Null(e.Zone);
        Assert.Equal("RP", e.Code);
        Assert.Equal("RP", e.RawCode);
        Assert.Equal("Automatic test", e.Label);
    }

    [Fact]
    public void Opening_by_user_then_code_without_address()
    {
        var result = Decode("Nri04/OP001NM");
        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(2, result.Events.Count);
        var op = result.Events[0];
        Assert.Equal((AlarmEventKind.Opening, ArmingMethod.User, 1, 4, "OP001"), (op.Kind, op.Method, op.User, op.Partition, op.RawCode));
        var nm = result.Events[1];
        Assert.Equal((AlarmEventKind.PartialClosing, "NM", "NM", 4), (nm.Kind, nm.Code, nm.RawCode, nm.Partition));
        Assert.Null(nm.User);
    }

    [Fact]
    public void Ascii_block_text_is_attached()
    {
        var e = Single("NRR|Atest");
        Assert.Equal((AlarmEventKind.PowerUp, "RR", "test"), (e.Kind, e.RawCode, e.Text));
    }

    [Fact]
    public void Ascii_block_applies_to_every_event_of_the_block_after_own_text()
    {
        var result = Decode("Nri1/BA012^porte^/BA013|Aentrée");
        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(["porte | entrée", "entrée"], result.Events.Select(e => e.Text));
    }

    [Fact]
    public void Second_data_block_resets_modifiers()
    {
        var result = Decode("Nri1/BA012|Nid3/OP");
        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(2, result.Events.Count);
        Assert.Null(result.Events[1].Partition);
        Assert.Equal(3, result.Events[1].User);
        Assert.Equal(AlarmEventKind.Opening, result.Events[1].Kind);
    }

    [Fact]
    public void Old_event_prefix_is_decoded_and_flagged()
    {
        var e = Single("Ori1/BA012");
        Assert.True(e.IsOldEvent);
        Assert.Equal((AlarmEventKind.Burglary, 1, 12), (e.Kind, e.Partition, e.Zone));
    }

    [Theory]
    [InlineData("Nri1/CL501", AlarmEventKind.Closing, 1, null, 501, ArmingMethod.User)]
    [InlineData("Nri2/JC12", AlarmEventKind.Tamper, 2, 12, null, ArmingMethod.NotApplicable)]
    [InlineData("Nri1/WA000", AlarmEventKind.Water, 1, 0, null, ArmingMethod.NotApplicable)]
    [InlineData("Nri0/RP0000", AlarmEventKind.PeriodicTest, 0, null, null, ArmingMethod.NotApplicable)]
    [InlineData("Nri1/NL4", AlarmEventKind.PartialClosing, 1, null, 4, ArmingMethod.User)]
    [InlineData("Nri1/PA501", AlarmEventKind.Panic, 1, 501, null, ArmingMethod.NotApplicable)]
    [InlineData("NHB0003", AlarmEventKind.Bypass, null, 3, null, ArmingMethod.NotApplicable)]
    [InlineData("Nri3/CA", AlarmEventKind.Closing, 3, null, null, ArmingMethod.Automatic)]
    [InlineData("Nri3/CQ7", AlarmEventKind.Closing, 3, null, 7, ArmingMethod.Remote)]
    [InlineData("Nri3/OQ7", AlarmEventKind.Opening, 3, null, 7, ArmingMethod.Remote)]
    [InlineData("Nri3/OS2", AlarmEventKind.Opening, 3, 2, null, ArmingMethod.Keyswitch)]
    [InlineData("Nri1/CG", AlarmEventKind.PartialClosing, 1, null, null, ArmingMethod.Unknown)]
    [InlineData("Nri1/OR3", AlarmEventKind.Opening, 1, null, 3, ArmingMethod.User)]
    [InlineData("Nri1/NT", AlarmEventKind.CommunicationFault, 1, null, null, ArmingMethod.NotApplicable)]
    public void Single_code_examples(string payload, AlarmEventKind kind, int? partition, int? zone, int? user, ArmingMethod method)
    {
        var e = Single(payload);
        Assert.Equal(kind, e.Kind);
        Assert.Equal(partition, e.Partition);
        Assert.Equal(zone, e.Zone);
        Assert.Equal(user, e.User);
        Assert.Equal(method, e.Method);
    }

    [Theory]
    [InlineData("BR", AlarmEventKind.Burglary)]
    [InlineData("TR", AlarmEventKind.Tamper)]
    [InlineData("AR", AlarmEventKind.AcLoss)]
    [InlineData("YR", AlarmEventKind.LowBattery)]
    [InlineData("BU", AlarmEventKind.Unbypass)]
    [InlineData("NR", AlarmEventKind.CommunicationFault)]
    public void Restore_codes(string code, AlarmEventKind kind)
    {
        var e = Single("N" + code + "1");
        Assert.Equal((kind, EventQualifier.Restore), (e.Kind, e.Qualifier));
    }

    [Fact]
    public void Unknown_code_is_not_an_error()
    {
        var e = Single("Nri1/QQ42^x^");
        Assert.Equal(AlarmEventKind.Unknown, e.Kind);
        Assert.Equal("QQ", e.Code);
        Assert.Equal("QQ42", e.RawCode);
        Assert.Equal(42, e.Zone);
        Assert.Equal("x", e.Text);
        Assert.Equal("Unknown event code QQ", e.Label);
    }

    [Fact]
    public void Empty_payload_gives_no_event_and_no_error()
    {
        var result = SiaDc03Decoder.Decode([]);
        Assert.True(result.Succeeded);
        Assert.Empty(result.Events);
    }

    [Fact]
    public void Latin1_text_is_kept()
    {
        var e = Single("NBA1^Entrée^");
        Assert.Equal("Entrée", e.Text);
    }

    [Theory]
    [InlineData("X")]
    [InlineData("BA012")]
    [InlineData("N")]
    [InlineData("Nri1")]
    [InlineData("Nri1/")]
    [InlineData("Nri/BA1")]
    [InlineData("Nrix/BA1")]
    [InlineData("Nri1/BA012^open")]
    [InlineData("Nri1/B")]
    [InlineData("Nri1/BA1234567890")]
    [InlineData("Nti25:00/BA1")]
    [InlineData("Nti19:4/BA1")]
    [InlineData("Nri1/BA1#")]
    [InlineData("Nri1/BA1|N")]
    public void Malformed_payload_gives_error_and_no_events(string payload)
    {
        var result = Decode(payload);
        Assert.False(result.Succeeded);
        Assert.NotNull(result.Error);
        Assert.Empty(result.Events);
    }

    [Fact]
    public void Trailing_pipe_and_unknown_block_are_accepted()
    {
        var result = Decode("Nri1/BA012|X1234|");
        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(12, Assert.Single(result.Events).Zone);
    }
}
