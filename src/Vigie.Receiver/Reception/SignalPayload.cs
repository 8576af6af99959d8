using System.Buffers;
using System.Text;
using System.Text.Json;
using Vigie.Protocols.Dc09;
using Vigie.Protocols.Events;

namespace Vigie.Receiver.Reception;

/// <summary>
/// Decodes a message's event payload (SIA DC-03 or Contact ID) into the journal's JSON: an array of events,
/// or {"error": "..."} when the payload cannot be read (the signal is still stored and visible).
/// </summary>
public static class SignalPayload
{
    public readonly record struct Decoded(bool Succeeded, string Json, IReadOnlyList<AlarmEvent> Events);

    // One writer and buffer per thread, reset for each frame: the JSON is copied out as a string at the end.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;
    [ThreadStatic]
    private static Utf8JsonWriter? t_json;

    public static Decoded Decode(Dc09Token token, ReadOnlySpan<byte> payload)
    {
        var result = token switch
        {
            Dc09Token.SiaDcs => SiaDc03Decoder.Decode(payload),
            Dc09Token.AdmCid => ContactIdDecoder.Decode(payload),
            _ => new PayloadDecodeResult([], null),
        };
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(256);
        buffer.ResetWrittenCount();
        var json = t_json ??= new Utf8JsonWriter(buffer);
        json.Reset(buffer);
        if (result.Error is { } error)
        {
            json.WriteStartObject();
            json.WriteString("error", error);
            json.WriteEndObject();
        }
        else
        {
            json.WriteStartArray();
            foreach (var e in result.Events)
            {
                Write(json, e);
            }
            json.WriteEndArray();
        }
        json.Flush();
        return new Decoded(result.Succeeded, Encoding.UTF8.GetString(buffer.WrittenSpan), result.Events);
    }

    private static void Write(Utf8JsonWriter json, AlarmEvent e)
    {
        json.WriteStartObject();
        json.WriteString("kind", e.Kind.ToString());
        json.WriteString("qualifier", e.Qualifier.ToString());
        WriteNumber(json, "partition", e.Partition);
        WriteNumber(json, "zone", e.Zone);
        WriteNumber(json, "user", e.User);
        json.WriteString("code", e.Code);
        json.WriteString("raw", e.RawCode);
        if (e.Method != ArmingMethod.NotApplicable)
        {
            json.WriteString("method", e.Method.ToString());
        }
        if (e.Text is not null)
        {
            json.WriteString("text", e.Text);
        }
        json.WriteString("label", e.Label);
        json.WriteEndObject();
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, int? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
    }
}
