using System.Text;
using Vigie.Protocols.Dc09;

namespace Vigie.Protocols.Tests.Dc09;

/// <summary>Every frame of Vectors/dc09-vectors.txt, judged as its recomputed CRC and length say.</summary>
public class PublishedVectorTests
{
    public static TheoryData<PublishedVector> Dc09Frames() =>
        [.. PublishedVector.Load().Where(v => v.IsDc09 && v.CrcOk is not null)];

    public static TheoryData<PublishedVector> NotDc09() => [.. PublishedVector.Load().Where(v => !v.IsDc09)];

    // pysiaalarm writes a literal "RNone" in its replies: refused below, so not decrypted here.
    public static TheoryData<PublishedVector> WithPlaintext() =>
        [.. PublishedVector.Load().Where(v => v.Plaintext is not null && v.Receiver != "None")];

    [Fact]
    public void The_collection_loads_enough_vectors()
    {
        var all = PublishedVector.Load();
        Assert.True(all.Count >= 50, $"only {all.Count} vectors read");
        Assert.True(all.Count(v => v.Plaintext is not null) >= 8);
    }

    [Theory]
    [MemberData(nameof(Dc09Frames))]
    public void Frame_is_accepted_or_refused_as_its_crc_and_length_say(PublishedVector vector)
    {
        var error = Dc09Parser.TryParse(vector.Frame, Dc09Dialect.Default, out var frame);
        if (vector.CrcOk == false)
        {
            Assert.Equal(Dc09FrameError.CrcMismatch, error);
            return;
        }
        if (vector.Receiver == "None")
        {
            // pysiaalarm's reply bug: "R" followed by the word None is not a receiver number.
            Assert.Equal(Dc09FrameError.BadRouting, error);
            return;
        }
        var decimalLength = vector.LengthField is { } field && int.TryParse(field, out var asDecimal) && asDecimal == vector.LengthCalculated;
        if (vector.LengthOk == false && !decimalLength)
        {
            Assert.Equal(Dc09FrameError.BadLength, error);
            // The same frame is readable when the receiver is told to ignore lengths (CRC still checked).
            error = Dc09Parser.TryParse(vector.Frame, Dc09Dialect.Default with { IgnoreLength = true }, out frame);
        }
        Assert.Equal(Dc09FrameError.None, error);
        Assert.Equal(vector.LengthOk == false && decimalLength, frame.LengthWasDecimal);
        Assert.Equal(vector.Token, Dc09Tokens.Name(frame.Token, frame.Encrypted));
        Assert.Equal(vector.Sequence, Encoding.ASCII.GetString(frame.SequenceText));
        if (frame.Token != Dc09Token.Nak)
        {
            Assert.Equal(vector.Receiver, frame.HasReceiver ? Encoding.ASCII.GetString(frame.Receiver) : null);
            Assert.Equal(vector.Line, frame.HasLine ? Encoding.ASCII.GetString(frame.Line) : null);
            Assert.Equal(vector.Account, frame.HasAccount ? Encoding.ASCII.GetString(frame.Account) : null);
        }
    }

    [Theory]
    [MemberData(nameof(Dc09Frames))]
    public void Strict_dialect_refuses_what_is_not_by_the_letter(PublishedVector vector)
    {
        var error = Dc09Parser.TryParse(vector.Frame, Dc09Dialect.Strict, out _);
        var byTheLetter = vector.Framed && vector.CrcOk == true && vector.LengthOk == true
            && !HeaderOrCiphertext(vector).Any(char.IsLower);
        if (byTheLetter)
        {
            Assert.Equal(Dc09FrameError.None, error);
        }
        else
        {
            Assert.NotEqual(Dc09FrameError.None, error);
        }
    }

    private static string HeaderOrCiphertext(PublishedVector vector) =>
        vector.Token!.StartsWith('*') ? vector.FrameText : vector.FrameText[..vector.FrameText.IndexOf('[', StringComparison.Ordinal)];

    [Theory]
    [MemberData(nameof(NotDc09))]
    public void What_is_not_a_dc09_frame_is_refused(PublishedVector vector) =>
        Assert.NotEqual(Dc09FrameError.None, Dc09Parser.TryParse(vector.Frame, Dc09Dialect.Default, out _));

    [Theory]
    [MemberData(nameof(WithPlaintext))]
    public void Encrypted_vector_decrypts_to_the_published_plaintext(PublishedVector vector)
    {
        var format = vector.KeyFormat == "hex" ? Dc09KeyFormat.Hex : Dc09KeyFormat.Ascii;
        using var key = Dc09Key.Parse(vector.Key!, format);
        var dialect = Dc09Dialect.Default with { IgnoreLength = true };
        Assert.Equal(Dc09FrameError.None, Dc09Parser.TryParse(vector.Frame, dialect, out var frame));
        var plain = new byte[frame.Body.Length / 2];
        var length = key.DecryptHex(frame.Body, plain);
        Assert.Equal(vector.Plaintext!.Length, length);
        Assert.Equal(vector.Plaintext, plain[..length]);
        Assert.Equal(Dc09FrameError.None, Dc09Content.TryParse(plain.AsSpan(0, length), fromCiphertext: true, out var content));
        Assert.True(content.HasTimestamp);
    }
}
