using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using Vigie.Protocols.Dc09;
using Vigie.Protocols.Events;

BenchmarkSwitcher.FromAssembly(typeof(FrameBenchmarks).Assembly).Run(args);

/// <summary>
/// The receiver's per-frame work, in isolation: `dotnet run -c Release --project bench/Vigie.Benchmarks -- --filter '*'`.
/// Parsing must not allocate (MemoryDiagnoser shows it); decoding allocates only the event records it returns.
/// </summary>
[MemoryDiagnoser]
public class FrameBenchmarks
{
    private readonly byte[] _plain = new Dc09Message { Sequence = 1, Account = "1234", Data = "#1234|Nri1/BA012", Timestamp = new DateTime(2026, 11, 23, 14, 0, 0) }.Encode();
    private readonly Dc09Key _key = Dc09Key.Parse("0123456789ABCDEF", Dc09KeyFormat.Ascii);
    private readonly byte[] _plaintext = new byte[256];
    private readonly byte[] _reply = new byte[256];
    private byte[] _encrypted = [];

    [GlobalSetup]
    public void Setup() =>
        _encrypted = new Dc09Message { Sequence = 1, Account = "1234", Data = "#1234|Nri1/BA012", Timestamp = new DateTime(2026, 11, 23, 14, 0, 0) }.Encode(_key);

    [Benchmark]
    public ushort Crc() => Crc16Arc.Compute(_plain);

    [Benchmark]
    public int ParsePlain()
    {
        Dc09Parser.TryParse(_plain, Dc09Dialect.Default, out var frame);
        Dc09Content.TryParse(frame.Body, false, out var content);
        return content.Payload.Length;
    }

    [Benchmark]
    public int ParseAndDecryptEncrypted()
    {
        Dc09Parser.TryParse(_encrypted, Dc09Dialect.Default, out var frame);
        var length = _key.DecryptHex(frame.Body, _plaintext);
        Dc09Content.TryParse(_plaintext.AsSpan(0, length), true, out var content);
        return content.Payload.Length;
    }

    [Benchmark]
    public int DecodeSia() => SiaDc03Decoder.Decode("Nri1/BA012"u8).Events.Count;

    [Benchmark]
    public int DecodeContactId() => ContactIdDecoder.Decode("1130 01 003"u8).Events.Count;

    [Benchmark]
    public int WriteAck()
    {
        Dc09Parser.TryParse(_plain, Dc09Dialect.Default, out var frame);
        return Dc09Writer.WriteAck(_reply, frame, null, DateTime.UtcNow);
    }
}
