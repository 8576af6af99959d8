using System.Security.Cryptography;

namespace Vigie.Station.Media;

/// <summary>
/// The media files on disk, named by their SHA-256 (content-addressed: identical bytes are one file). A file is
/// written whole to a temporary name, flushed, then renamed into place, so a crash never leaves half a medium under
/// a name that claims its hash.
/// </summary>
public sealed class MediaFiles(string root)
{
    /// <summary>How many first bytes of a medium are kept for its content check.</summary>
    public const int HeadLength = 16;

    public string Root { get; } = root;

    public string PathOf(string sha256) => Path.Combine(Root, sha256[..2], sha256);

    public bool Exists(string sha256) => File.Exists(PathOf(sha256));

    /// <summary>
    /// Copies the body to a temporary file while hashing it; stops (and removes it) as soon as it passes
    /// <paramref name="maxBytes"/>. The caller keeps or discards the file it gets.
    /// </summary>
    public async Task<ReceivedFile> ReceiveAsync(Stream body, long maxBytes, CancellationToken ct)
    {
        var incoming = Path.Combine(Root, "incoming");
        Directory.CreateDirectory(incoming);
        var temporary = Path.Combine(incoming, Guid.NewGuid().ToString("N"));
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var head = new byte[HeadLength];
        var headLength = 0;
        long size = 0;
        var buffer = new byte[81920];
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
            {
                int read;
                while ((read = await body.ReadAsync(buffer, ct)) > 0)
                {
                    size += read;
                    if (size > maxBytes)
                    {
                        break;
                    }
                    if (headLength < HeadLength)
                    {
                        var take = Math.Min(HeadLength - headLength, read);
                        buffer.AsSpan(0, take).CopyTo(head.AsSpan(headLength));
                        headLength += take;
                    }
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), ct);
                }
                await file.FlushAsync(ct);
                file.Flush(flushToDisk: true);
            }
            if (size > maxBytes)
            {
                File.Delete(temporary);
                return new ReceivedFile(null, "", size, [], TooLarge: true);
            }
            return new ReceivedFile(temporary, Convert.ToHexStringLower(hash.GetHashAndReset()), size, head[..headLength], TooLarge: false);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>Puts a received file in place under its hash; when the same bytes are there already, the copy is dropped.</summary>
    public void Keep(ReceivedFile received)
    {
        var target = PathOf(received.Sha256);
        if (File.Exists(target))
        {
            File.Delete(received.TemporaryPath!);
            return;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        try
        {
            File.Move(received.TemporaryPath!, target);
        }
        catch (IOException) when (File.Exists(target))
        {
            // The same bytes arrived twice at once: the other upload put them in place.
            File.Delete(received.TemporaryPath!);
        }
    }

    public static void Discard(ReceivedFile received)
    {
        if (received.TemporaryPath is { } path)
        {
            File.Delete(path);
        }
    }

    public void Delete(string sha256) => File.Delete(PathOf(sha256));
}

/// <summary>An upload on disk under a temporary name: its hash, size and first bytes; TooLarge when it was cut short.</summary>
public sealed record ReceivedFile(string? TemporaryPath, string Sha256, long Size, byte[] Head, bool TooLarge);
