using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace Vigie.Receiver.Accounts;

/// <summary>
/// The station's data-protection key ring: `keys` in the data folder, application "vigie", shared with the
/// console (its cookies and tokens) so one ring protects every secret at rest. The one place the receiver
/// registers it, for a host and for a process without one (the CLI).
/// </summary>
public static class StationKeyRing
{
    public const string ApplicationName = "vigie";

    public static string Folder(string dataDirectory) => Path.Combine(dataDirectory, "keys");

    public static IDataProtectionBuilder AddStationKeyRing(this IServiceCollection services, string dataDirectory) =>
        services.AddDataProtection()
            .PersistKeysToFileSystem(new DirectoryInfo(Folder(dataDirectory)))
            .SetApplicationName(ApplicationName);

    /// <summary>The same key ring outside a host (`vigie accounts`, `vigie demo`).</summary>
    public static IDataProtectionProvider Open(string dataDirectory)
    {
        var services = new ServiceCollection();
        services.AddStationKeyRing(dataDirectory);
        return services.BuildServiceProvider().GetRequiredService<IDataProtectionProvider>();
    }
}
