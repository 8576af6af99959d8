using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Vigie.Domain.Supervision;

/// <summary>The byte format of a <see cref="LivenessWatch"/> snapshot: its header, little-endian fields and closing checksum.</summary>
internal static class LivenessSnapshotFormat
{
    public static readonly byte[] Magic = "VGLW"u8.ToArray();
    public const byte Version = 1;
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    /// <summary>Little-endian fields straight into the output, with a running FNV-1a 64 checksum of every byte.</summary>
    public struct Writer(IBufferWriter<byte> output)
    {
        private ulong _checksum = Fnv.Offset;

        public void Write(ReadOnlySpan<byte> bytes)
        {
            _checksum = Fnv.Hash(_checksum, bytes);
            output.Write(bytes);
        }

        public void Write(byte value) => Write([value]);

        public void WriteUInt16(ushort value)
        {
            Span<byte> bytes = stackalloc byte[2];
            BinaryPrimitives.WriteUInt16LittleEndian(bytes, value);
            Write(bytes);
        }

        public void WriteInt32(int value)
        {
            Span<byte> bytes = stackalloc byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
            Write(bytes);
        }

        public void WriteInt64(long value)
        {
            Span<byte> bytes = stackalloc byte[8];
            BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
            Write(bytes);
        }

        public void WriteString(string value)
        {
            var length = Encoding.UTF8.GetByteCount(value);
            WriteUInt16(checked((ushort)length));
            var bytes = output.GetSpan(length)[..length];
            Encoding.UTF8.GetBytes(value, bytes);
            _checksum = Fnv.Hash(_checksum, bytes);
            output.Advance(length);
        }

        public readonly void WriteChecksum()
        {
            Span<byte> bytes = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(bytes, _checksum);
            output.Write(bytes);
        }
    }

    /// <summary>Checks the magic, version and checksum first; every read then names what it was reading when data ran out.</summary>
    public ref struct Reader
    {
        private readonly ReadOnlySpan<byte> _data;
        private int _position;

        public Reader(ReadOnlySpan<byte> data)
        {
            if (data.Length < Magic.Length + 1 + 8 || !data[..Magic.Length].SequenceEqual(Magic))
            {
                throw new InvalidDataException($"not a liveness snapshot: {data.Length} bytes without the '{Encoding.ASCII.GetString(Magic)}' header");
            }
            if (data[Magic.Length] != Version)
            {
                throw new InvalidDataException($"liveness snapshot version {data[Magic.Length]} is not supported (this station reads version {Version})");
            }
            var expected = BinaryPrimitives.ReadUInt64LittleEndian(data[^8..]);
            if (Fnv.Hash(Fnv.Offset, data[..^8]) != expected)
            {
                throw new InvalidDataException($"liveness snapshot damaged or truncated: the checksum of its {data.Length} bytes does not match");
            }
            _data = data[..^8];
            _position = Magic.Length + 1;
        }

        public int ReadCount(string what)
        {
            var count = BinaryPrimitives.ReadInt32LittleEndian(Take(4, what));
            return count >= 0 ? count : throw new InvalidDataException($"snapshot damaged: {what} is {count}");
        }

        public byte ReadByte(string what) => Take(1, what)[0];

        public ushort ReadUInt16(string what) => BinaryPrimitives.ReadUInt16LittleEndian(Take(2, what));

        public long ReadInt64(string what) => BinaryPrimitives.ReadInt64LittleEndian(Take(8, what));

        public string ReadString(string what)
        {
            var length = ReadUInt16(what);
            try
            {
                return StrictUtf8.GetString(Take(length, what));
            }
            catch (DecoderFallbackException)
            {
                throw new InvalidDataException($"snapshot damaged: {what} is not valid UTF-8");
            }
        }

        public readonly void End()
        {
            if (_position != _data.Length)
            {
                throw new InvalidDataException($"snapshot damaged: {_data.Length - _position} bytes left after the last site");
            }
        }

        private ReadOnlySpan<byte> Take(int length, string what)
        {
            if (_data.Length - _position < length)
            {
                throw new InvalidDataException($"snapshot truncated: it ends inside {what} (byte {_position} of {_data.Length})");
            }
            var bytes = _data.Slice(_position, length);
            _position += length;
            return bytes;
        }
    }

    private static class Fnv
    {
        public const ulong Offset = 14695981039346656037;

        public static ulong Hash(ulong hash, ReadOnlySpan<byte> bytes)
        {
            foreach (var b in bytes)
            {
                hash = (hash ^ b) * 1099511628211;
            }
            return hash;
        }
    }
}
