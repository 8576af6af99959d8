using System.Text;
using Vigie.Protocols.Events;

namespace Vigie.Receiver.Journal;

/// <summary>Turns a stored row into what the engine acts on: only accepted messages of a known site, decoded.</summary>
internal static class JournalDecoding
{
    /// <summary>Null for rows the engine passes over (link tests, unknown accounts, unreadable payloads, other tokens).</summary>
    public static JournalSignal? Decode(long id, DateTime receivedAt, string token, string? account, string? receiver, string? line,
        int sequence, string? siteReference, string? data, long contentHash, string status, string? extendedData = null)
    {
        if (status != SignalStatusNames.Name(SignalStatus.Accepted) || siteReference is null || data is null)
        {
            return null;
        }
        // The journal keeps the message's data as sent ("#1001|Nri1/BA012"); the event payload follows the account block.
        if (data.StartsWith('#') && data.IndexOf('|', StringComparison.Ordinal) is var bar and > 0)
        {
            data = data[(bar + 1)..];
        }
        var decoded = token.Contains("SIA-DCS", StringComparison.Ordinal) ? SiaDc03Decoder.Decode(Encoding.Latin1.GetBytes(data))
            : token.Contains("ADM-CID", StringComparison.Ordinal) ? ContactIdDecoder.Decode(Encoding.Latin1.GetBytes(data))
            : null;
        if (decoded is null)
        {
            return null;
        }
        return new JournalSignal(id, siteReference, account ?? "", receiver ?? "", line ?? "", sequence, contentHash, receivedAt,
            decoded.Error is null ? decoded.Events : [], decoded.Error)
        {
            ExtendedData = extendedData,
        };
    }
}
