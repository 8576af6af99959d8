using System.Text;

namespace Vigie.Protocols.Dc09;

/// <summary>
/// A DC-09 message as a panel or a test composes it. Convenience for senders (simulator, tests); the
/// receiver's hot path uses <see cref="Dc09Parser"/> and <see cref="Dc09Writer"/> on spans instead.
/// </summary>
public sealed record Dc09Message
{
    public Dc09Token Token { get; init; } = Dc09Token.SiaDcs;
    public int Sequence { get; init; }
    public string? Receiver { get; init; }
    /// <summary>Line prefix; null for none, "" for an empty "L".</summary>
    public string? Line { get; init; } = "0";
    public string? Account { get; init; }
    /// <summary>Data field, e.g. "#1234|Nri1/BA012" or "#1234|1130 01 003"; empty for NULL and replies.</summary>
    public string Data { get; init; } = "";
    /// <summary>Extended data blocks, each "Xvalue" (written as "[Xvalue]").</summary>
    public IReadOnlyList<string> ExtendedData { get; init; } = [];
    public DateTime? Timestamp { get; init; }

    public string Content
    {
        get
        {
            var builder = new StringBuilder(Data).Append(']');
            foreach (var x in ExtendedData)
            {
                builder.Append('[').Append(x).Append(']');
            }
            if (Timestamp is { } ts)
            {
                builder.Append('_').Append(ts.ToString("HH:mm:ss,MM-dd-yyyy", System.Globalization.CultureInfo.InvariantCulture));
            }
            return builder.ToString();
        }
    }

    public byte[] Encode(Dc09Key? key = null, Dc09WriteOptions? options = null)
    {
        var content = Encoding.ASCII.GetBytes(Content);
        var buffer = new byte[Dc09Writer.MaxFrameLength(content.Length)];
        var routing = new Dc09Routing(
            Encoding.ASCII.GetBytes(Receiver ?? ""), Receiver is not null,
            Encoding.ASCII.GetBytes(Line ?? ""), Line is not null,
            Encoding.ASCII.GetBytes(Account ?? ""), Account is not null);
        var length = Dc09Writer.Write(buffer, Token, Sequence, routing, content, key, options);
        return buffer[..length];
    }
}
