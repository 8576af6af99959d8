using System.Text;
using Vigie.Protocols.Events;

namespace Vigie.Protocols.Tests.Events;

public class ContactIdDecoderTests
{
    private static PayloadDecodeResult Decode(string payload) => ContactIdDecoder.Decode(Encoding.ASCII.GetBytes(payload));

    private static AlarmEvent Single(string payload)
    {
        var result = Decode(payload);
        Assert.True(result.Succeeded, result.Error);
        return Assert.Single(result.Events);
    }

    [Theory]
    [InlineData("1130 01 003")]
    [InlineData("113001003")]
    [InlineData("1 130 01 003")]
    [InlineData(" 1130 01 003 ")]
    public void Burglary_new_event_in_every_layout(string payload)
    {
        var e = Single(payload);
        Assert.Equal(AlarmEventKind.Burglary, e.Kind);
        Assert.Equal(EventQualifier.New, e.Qualifier);
        Assert.Equal(1, e.Partition);
        Assert.Equal(3, e.Zone);
        Assert.Null(e.User);
        Assert.Equal("130", e.Code);
        Assert.Equal("1130 01 003", e.RawCode);
        Assert.Equal(ArmingMethod.NotApplicable, e.Method);
        Assert.Equal("Burglary", e.Label);
    }

    [Fact]
    public void Burglary_restore()
    {
        var e = Single("3130 02 011");
        Assert.Equal((AlarmEventKind.Burglary, EventQualifier.Restore, 2, 11), (e.Kind, e.Qualifier, e.Partition, e.Zone));
        Assert.Equal("Burglary (restore)", e.Label);
    }

    [Fact]
    public void Status_qualifier()
    {
        var e = Single("6130 01 003");
        Assert.Equal((AlarmEventKind.Burglary, EventQualifier.Status), (e.Kind, e.Qualifier));
    }

    [Fact]
    public void Open_close_by_user_qualifier_1_is_opening()
    {
        var e = Single("1401 01 007");
        Assert.Equal(AlarmEventKind.Opening, e.Kind);
        Assert.Equal(EventQualifier.New, e.Qualifier);
        Assert.Equal(7, e.User);
        Assert.Null(e.Zone);
        Assert.Equal(ArmingMethod.User, e.Method);
        Assert.Equal("Opening (Open/close by user)", e.Label);
    }

    [Fact]
    public void Open_close_by_user_qualifier_3_is_closing()
    {
        var e = Single("3401 01 007");
        Assert.Equal(AlarmEventKind.Closing, e.Kind);
        Assert.Equal(EventQualifier.New, e.Qualifier);
        Assert.Equal(7, e.User);
        Assert.Equal(ArmingMethod.User, e.Method);
        Assert.Equal("Closing (Open/close by user)", e.Label);
    }

    [Theory]
    [InlineData("3441 02 005", AlarmEventKind.PartialClosing)]
    [InlineData("1441 02 005", AlarmEventKind.Opening)]
    [InlineData("3456 02 005", AlarmEventKind.PartialClosing)]
    public void Armed_stay_and_partial_arm(string payload, AlarmEventKind kind)
    {
        var e = Single(payload);
        Assert.Equal((kind, 2, 5, ArmingMethod.User), (e.Kind, e.Partition, e.User, e.Method));
    }

    [Theory]
    [InlineData("3403 01 000", AlarmEventKind.Closing, ArmingMethod.Automatic)]
    [InlineData("1407 01 000", AlarmEventKind.Opening, ArmingMethod.Remote)]
    [InlineData("3408 01 000", AlarmEventKind.Closing, ArmingMethod.Quick)]
    [InlineData("3409 01 004", AlarmEventKind.Closing, ArmingMethod.Keyswitch)]
    public void Arming_methods(string payload, AlarmEventKind kind, ArmingMethod method)
    {
        var e = Single(payload);
        Assert.Equal((kind, method), (e.Kind, e.Method));
    }

    [Fact]
    public void Zone_bypass_restore_is_unbypass()
    {
        Assert.Equal(AlarmEventKind.Bypass, Single("1570 01 004").Kind);
        var e = Single("3570 01 004");
        Assert.Equal((AlarmEventKind.Unbypass, EventQualifier.Restore, 4), (e.Kind, e.Qualifier, e.Zone));
    }

    [Fact]
    public void Ac_loss_and_restore()
    {
        var loss = Single("1301 00 000");
        Assert.Equal((AlarmEventKind.AcLoss, EventQualifier.New, 0), (loss.Kind, loss.Qualifier, loss.Partition));
        Assert.Null(loss.Zone);
        Assert.Equal(EventQualifier.Restore, Single("3301 00 000").Qualifier);
    }

    [Theory]
    [InlineData("1602 00 000", AlarmEventKind.PeriodicTest)]
    [InlineData("1162 01 009", AlarmEventKind.CarbonMonoxide)]
    [InlineData("1121 01 002", AlarmEventKind.Duress)]
    [InlineData("1344 00 001", AlarmEventKind.SystemTrouble)]
    [InlineData("1627 00 000", AlarmEventKind.ProgramMode)]
    public void Catalogue_kinds(string payload, AlarmEventKind kind) => Assert.Equal(kind, Single(payload).Kind);

    [Fact]
    public void Lowercase_hex_event_code_is_normalised()
    {
        var e = Single("11ab 01 003");
        Assert.Equal(AlarmEventKind.Unknown, e.Kind);
        Assert.Equal("1AB", e.Code);
        Assert.Equal("11AB 01 003", e.RawCode);
    }

    [Fact]
    public void Unknown_code_is_not_an_error()
    {
        var e = Single("1999 03 045");
        Assert.Equal(AlarmEventKind.Unknown, e.Kind);
        Assert.Equal(EventQualifier.New, e.Qualifier);
        Assert.Equal(("999", 3, 45), (e.Code, e.Partition, e.Zone));
        Assert.Equal("Unknown event code 999", e.Label);
    }

    [Theory]
    [InlineData("0000 00 000")]
    [InlineData("000000000")]
    [InlineData("")]
    public void Null_body_gives_no_event_and_no_error(string payload)
    {
        var result = Decode(payload);
        Assert.True(result.Succeeded);
        Assert.Empty(result.Events);
    }

    [Theory]
    [InlineData("2130 01 003")]
    [InlineData("0130 01 003")]
    [InlineData("1130 0A 003")]
    [InlineData("1130 01 00x")]
    [InlineData("11G0 01 003")]
    [InlineData("1130 01 00")]
    [InlineData("1130 01 0033")]
    [InlineData("1130  01 003")]
    [InlineData("11 30 01 003")]
    [InlineData("Nri1/BA012")]
    public void Invalid_body_gives_error(string payload)
    {
        var result = Decode(payload);
        Assert.False(result.Succeeded);
        Assert.NotNull(result.Error);
        Assert.Empty(result.Events);
    }
}
