namespace Vigie.Protocols.Dc09;

/// <summary>
/// Reads one DC-09 frame: &lt;LF&gt; CRC 0LLL "ID" seq [Rrcvr] [Lpref] [#acct] [ … &lt;CR&gt;.
/// CRC and length cover the bytes from the first '"' up to (not including) the CR.
/// </summary>
public static class Dc09Parser
{
    private const byte Lf = 0x0A;
    private const byte Cr = 0x0D;

    /// <summary>Smallest possible frame: "CCCCLLLL\"NAK\"0000[]" is 19 bytes without LF/CR.</summary>
    private const int MinimumBareLength = 19;

    public static Dc09FrameError TryParse(ReadOnlySpan<byte> input, Dc09Dialect dialect, out Dc09Frame frame)
    {
        frame = default;
        if (input.Length > dialect.MaxFrameLength)
        {
            return Dc09FrameError.TooLong;
        }

        var span = input;
        var framed = span.Length >= 2 && span[0] == Lf && span[^1] == Cr;
        if (framed)
        {
            span = span[1..^1];
        }
        else if (!dialect.AllowBareFrame)
        {
            return Dc09FrameError.Framing;
        }
        else
        {
            // A bare frame may still carry one of its terminators.
            if (!span.IsEmpty && span[0] == Lf) span = span[1..];
            if (!span.IsEmpty && span[^1] == Cr) span = span[..^1];
        }
        if (span.Length < MinimumBareLength - 2)
        {
            return Dc09FrameError.Framing;
        }

        var allowLower = dialect.AllowLowercaseHex;
        int quote;
        ushort crc;
        bool crcBinary;
        if (span.Length > 8 && span[8] == '"')
        {
            if (!Ascii.TryParseHex(span[..4], allowLower, out var crcValue))
            {
                return Dc09FrameError.BadCrcField;
            }
            crc = (ushort)crcValue;
            quote = 8;
            crcBinary = false;
        }
        else if (span[6] == '"' && dialect.AllowBinaryCrc)
        {
            crc = (ushort)((span[0] << 8) | span[1]);
            quote = 6;
            crcBinary = true;
        }
        else
        {
            return Dc09FrameError.BadCrcField;
        }

        var covered = span[quote..];
        if (Crc16Arc.Compute(covered) != crc)
        {
            return Dc09FrameError.CrcMismatch;
        }

        var lengthField = span[(quote - 4)..quote];
        var lengthDecimal = false;
        if (!Ascii.TryParseHex(lengthField, allowLower, out var declared) || declared != covered.Length)
        {
            if (dialect.AllowDecimalLength && Ascii.TryParseDecimal(lengthField, out var asDecimal) && asDecimal == covered.Length)
            {
                declared = asDecimal;
                lengthDecimal = true;
            }
            else if (!dialect.IgnoreLength)
            {
                return Dc09FrameError.BadLength;
            }
        }

        // "ID"
        var pos = 1;
        var closeQuote = covered[pos..].IndexOf((byte)'"');
        if (closeQuote < 1)
        {
            return Dc09FrameError.UnknownToken;
        }
        var tokenText = covered.Slice(pos, closeQuote);
        var encrypted = tokenText[0] == '*';
        if (encrypted)
        {
            tokenText = tokenText[1..];
        }
        if (!Dc09Tokens.TryParse(tokenText, out var token) || (encrypted && token is Dc09Token.Nak or Dc09Token.Duh))
        {
            return Dc09FrameError.UnknownToken;
        }
        pos += closeQuote + 1;

        // seq: four digits.
        if (covered.Length < pos + 4 || !Ascii.TryParseDecimal(covered.Slice(pos, 4), out var sequence))
        {
            return Dc09FrameError.BadSequence;
        }
        var sequenceText = covered.Slice(pos, 4);
        pos += 4;

        var bracket = covered[pos..].IndexOf((byte)'[');
        if (bracket < 0)
        {
            return Dc09FrameError.BadData;
        }
        var routing = covered.Slice(pos, bracket);
        var body = covered[(pos + bracket + 1)..];

        var result = new Dc09Frame
        {
            Crc = crc,
            CrcWasBinary = crcBinary,
            DeclaredLength = declared,
            LengthWasDecimal = lengthDecimal,
            Token = token,
            Encrypted = encrypted,
            Sequence = sequence,
            SequenceText = sequenceText,
            Body = body,
        };

        // A NAK carries the receiver's fixed "R0L0A0" (or swapped): nothing in it identifies a panel.
        if (token != Dc09Token.Nak)
        {
            var error = ParseRouting(routing, dialect, ref result);
            if (error != Dc09FrameError.None)
            {
                return error;
            }
        }

        if (encrypted)
        {
            if (body.IsEmpty || body.Length % 32 != 0)
            {
                return Dc09FrameError.BadCiphertext;
            }
            foreach (var b in body)
            {
                if (!Ascii.IsHex(b, allowLower))
                {
                    return Dc09FrameError.BadCiphertext;
                }
            }
        }

        frame = result;
        return Dc09FrameError.None;
    }

    private static Dc09FrameError ParseRouting(ReadOnlySpan<byte> routing, Dc09Dialect dialect, ref Dc09Frame frame)
    {
        var allowLower = dialect.AllowLowercaseHex;
        var i = 0;
        var seenR = false;
        var seenL = false;
        while (i < routing.Length && routing[i] != '#')
        {
            var marker = routing[i];
            if (marker == 'R' && !seenR)
            {
                var start = ++i;
                while (i < routing.Length && routing[i] != 'L' && routing[i] != '#' && Ascii.IsAlphaNumeric(routing[i]))
                {
                    i++;
                }
                var value = routing[start..i];
                if (value.IsEmpty || value.Length > 6 || !AllHex(value, allowLower))
                {
                    return Dc09FrameError.BadRouting;
                }
                frame = frame with { HasReceiver = true, Receiver = value };
                seenR = true;
            }
            else if (marker == 'L' && !seenL)
            {
                var start = ++i;
                while (i < routing.Length && routing[i] != 'R' && routing[i] != '#' && Ascii.IsAlphaNumeric(routing[i]))
                {
                    i++;
                }
                var value = routing[start..i];
                if (value.Length > 6 || !AllHex(value, allowLower) || (value.IsEmpty && !dialect.AllowMissingLinePrefix))
                {
                    return Dc09FrameError.BadRouting;
                }
                frame = frame with { HasLine = true, Line = value };
                seenL = true;
            }
            else
            {
                return Dc09FrameError.BadRouting;
            }
        }
        if (!seenL && !dialect.AllowMissingLinePrefix)
        {
            return Dc09FrameError.BadRouting;
        }

        if (i < routing.Length)
        {
            var account = routing[(i + 1)..];
            if (account.Length is < 1 or > 16)
            {
                return Dc09FrameError.BadAccount;
            }
            foreach (var b in account)
            {
                var ok = dialect.AllowNonHexAccount ? Ascii.IsAlphaNumeric(b) : Ascii.IsHex(b, allowLower: false);
                if (!ok)
                {
                    return Dc09FrameError.BadAccount;
                }
            }
            if (!dialect.AllowNonHexAccount && account.Length < 3)
            {
                return Dc09FrameError.BadAccount;
            }
            frame = frame with { HasAccount = true, Account = account };
        }
        return Dc09FrameError.None;
    }

    private static bool AllHex(ReadOnlySpan<byte> value, bool allowLower)
    {
        foreach (var b in value)
        {
            if (!Ascii.IsHex(b, allowLower))
            {
                return false;
            }
        }
        return true;
    }
}
