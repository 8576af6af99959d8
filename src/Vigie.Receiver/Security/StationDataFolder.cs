using System.Runtime.InteropServices;

namespace Vigie.Receiver.Security;

/// <summary>
/// The data folder holds the journal, the event log, staff passwords' hashes, the key ring and settings: readable by
/// the station's user only (folder 0700, files 0600), set at every start and, through the process's umask, on creation.
/// Skipped where there are no Unix permissions.
/// </summary>
public static class StationDataFolder
{
    private const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates the folder if needed and takes its permissions, and those of everything in it, down to the owner's.</summary>
    public static void Secure(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
            return;
        }
        // Files SQLite and the key ring create later (journals, WAL, new keys) are born owner-only.
        _ = umask(0b000_111_111);
        Directory.CreateDirectory(folder, FolderMode);
        File.SetUnixFileMode(folder, FolderMode);
        foreach (var entry in new DirectoryInfo(folder).EnumerateFileSystemInfos("*", SearchOption.AllDirectories))
        {
            if (entry.LinkTarget is not null)
            {
                continue; // a link's target is not ours to change
            }
            File.SetUnixFileMode(entry.FullName, entry is DirectoryInfo ? FolderMode : FileMode);
        }
    }

    /// <summary>Writes a file only the owner can read (0600 from its creation, not after).</summary>
    public static void WriteSecret(string path, string content)
    {
        var options = new FileStreamOptions { Mode = System.IO.FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FileMode;
        }
        using (var stream = new FileStream(path, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(content);
        }
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, FileMode); // an existing file keeps its old mode on open
        }
    }

    // DllImport, not LibraryImport: an int in, an int out needs no marshalling, and no unsafe code in this project.
    [DllImport("libc", EntryPoint = "umask")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int umask(int mask);
}
