using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Vigie.Protocols.Tests.Dc09;

/// <summary>
/// One entry of Vectors/dc09-vectors.txt: a frame published by an open DC-09 implementation (pysiaalarm,
/// fioletoven/dc09, dc09_spt, iobroker.sia, SIADC-09HACSImplementation), with the CRC and length recomputed
/// by the collector. Each test names the vector by its "source" line.
/// </summary>
public sealed partial record PublishedVector(
    string Source,
    byte[] Frame,
    bool Framed,
    bool IsDc09,
    bool? CrcOk,
    bool? LengthOk,
    string? LengthField,
    int? LengthCalculated,
    string? Token,
    string? Sequence,
    string? Receiver,
    string? Line,
    string? Account,
    string? KeyFormat,
    string? Key,
    byte[]? Plaintext)
{
    public override string ToString() => Source;

    public static IReadOnlyList<PublishedVector> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Vectors", "dc09-vectors.txt");
        var blocks = File.ReadAllText(path).Split("\n\n");
        var result = new List<PublishedVector>();
        foreach (var block in blocks)
        {
            // A block may hold several "decrypt" lines (wrong keys tried first): keep the one with a plaintext.
            var lines = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var l in block.Split('\n').Where(l => l.Length > 11 && l[9] == ':'))
            {
                var name = l[..9].Trim();
                if (!lines.ContainsKey(name) || l.Contains("-> b", StringComparison.Ordinal))
                {
                    lines[name] = l[11..];
                }
            }
            if (!lines.TryGetValue("source", out var source) || !lines.TryGetValue("frame", out var frameText)
                || !frameText.StartsWith('\'') || frameText.StartsWith("'(round", StringComparison.Ordinal))
            {
                continue;
            }
            var frame = Unrepr(frameText);
            var framed = lines.TryGetValue("framing", out var framing) && framing.StartsWith("<LF>", StringComparison.Ordinal);
            var header = lines.GetValueOrDefault("header") ?? "";
            var isDc09 = !header.StartsWith("not ", StringComparison.Ordinal);
            bool? crcOk = lines.TryGetValue("crc", out var crc) ? crc.EndsWith("OK", StringComparison.Ordinal) : null;
            bool? lengthOk = null;
            string? lengthField = null;
            int? lengthCalc = null;
            if (lines.TryGetValue("length", out var length))
            {
                lengthOk = length.EndsWith("OK", StringComparison.Ordinal);
                var m = LengthLine().Match(length);
                lengthField = m.Groups[1].Value;
                lengthCalc = int.Parse(m.Groups[2].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            }
            string? token = null, seq = null, receiver = null, line = null, account = null;
            if (isDc09 && header.Length > 0)
            {
                var m = HeaderLine().Match(header);
                token = m.Groups[1].Value;
                seq = m.Groups[2].Value;
                receiver = m.Groups[3].Value switch { "-" => null, ['R', .. var r] => r, var other => other };
                line = m.Groups[4].Value == "-" ? null : m.Groups[4].Value[1..];
                account = m.Groups[5].Value == "-" ? null : m.Groups[5].Value.TrimStart('#');
            }
            string? keyFormat = null, key = null;
            byte[]? plaintext = null;
            if (lines.TryGetValue("decrypt", out var decrypt))
            {
                var m = DecryptLine().Match(decrypt);
                if (m.Success)
                {
                    keyFormat = m.Groups[1].Value;
                    key = m.Groups[2].Value;
                    plaintext = Unrepr(m.Groups[3].Value[1..]);
                }
            }
            result.Add(new PublishedVector(source, frame, framed, isDc09, crcOk, lengthOk, lengthField, lengthCalc,
                token, seq, receiver, line, account, keyFormat, key, plaintext));
        }
        return result;
    }

    /// <summary>Python repr of a byte string ('…' with \n, \r, \xNN, \', \\ escapes) back to bytes.</summary>
    private static byte[] Unrepr(string text)
    {
        var quote = text[0];
        var end = text.LastIndexOf(quote);
        var body = text[1..end];
        var bytes = new List<byte>();
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            if (c != '\\')
            {
                bytes.Add((byte)c);
                continue;
            }
            var e = body[++i];
            switch (e)
            {
                case 'n': bytes.Add(0x0A); break;
                case 'r': bytes.Add(0x0D); break;
                case 't': bytes.Add(0x09); break;
                case 'x':
                    bytes.Add(byte.Parse(body.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    i += 2;
                    break;
                default: bytes.Add((byte)e); break;
            }
        }
        return [.. bytes];
    }

    [GeneratedRegex(@"field=(\S+) calc=([0-9A-F]+)")]
    private static partial Regex LengthLine();

    [GeneratedRegex(@"token=(\S+) seq=(\d+) R=(\S+) L=(\S+) acct=(\S+)")]
    private static partial Regex HeaderLine();

    [GeneratedRegex(@"key=(ASCII|hex) '?([0-9A-Za-z]+)'?(?: \(\d+-bit\))? -> (b'.*'|b"".*"")$")]
    private static partial Regex DecryptLine();

    public string FrameText => Encoding.ASCII.GetString(Frame);
}
