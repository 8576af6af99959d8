using Vigie.Protocols.Events;

namespace Vigie.Protocols.Tests.Events;

public class DecoderRobustnessTests
{
    private const int Iterations = 20_000;

    /// <summary>Bytes that drive the SIA grammar, so random input reaches deep states, plus any byte.</summary>
    private static readonly byte[] Alphabet = "NOAri/id^|ti:BACLOP0123456789 "u8.ToArray();

    public static TheoryData<string> Decoders => ["SIA", "CID"];

    private static PayloadDecodeResult Run(string decoder, byte[] payload) =>
        decoder == "SIA" ? SiaDc03Decoder.Decode(payload) : ContactIdDecoder.Decode(payload);

    [Theory]
    [MemberData(nameof(Decoders))]
    public void Random_bytes_never_throw(string decoder)
    {
        var random = new Random(20240611);
        for (var i = 0; i < Iterations; i++)
        {
            var payload = new byte[random.Next(0, 64)];
            random.NextBytes(payload);
            AssertWellFormed(Run(decoder, payload));
        }
    }

    [Theory]
    [MemberData(nameof(Decoders))]
    public void Random_grammar_like_bytes_never_throw(string decoder)
    {
        var random = new Random(7);
        var succeeded = 0;
        for (var i = 0; i < Iterations; i++)
        {
            var payload = new byte[random.Next(0, 40)];
            for (var j = 0; j < payload.Length; j++)
            {
                payload[j] = random.Next(8) == 0 ? (byte)random.Next(256) : Alphabet[random.Next(Alphabet.Length)];
            }
            if (decoder == "SIA" && payload.Length > 0)
            {
                payload[0] = (byte)'N';
            }
            var result = Run(decoder, payload);
            AssertWellFormed(result);
            if (result.Succeeded && result.Events.Count > 0)
            {
                succeeded++;
            }
        }
        if (decoder == "SIA")
        {
            Assert.True(succeeded > 0, "the generator never produced a decodable SIA payload");
        }
    }

    private static void AssertWellFormed(PayloadDecodeResult result)
    {
        Assert.NotNull(result);
        Assert.NotNull(result.Events);
        Assert.Equal(result.Error is null, result.Succeeded);
        if (!result.Succeeded)
        {
            Assert.Empty(result.Events);
        }
        foreach (var e in result.Events)
        {
            Assert.False(string.IsNullOrEmpty(e.Code));
            Assert.False(string.IsNullOrEmpty(e.RawCode));
            Assert.False(string.IsNullOrEmpty(e.Label));
        }
    }
}
