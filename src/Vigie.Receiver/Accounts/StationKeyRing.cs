using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Vigie.Receiver.Security;

namespace Vigie.Receiver.Accounts;

/// <summary>
/// The station's key ring for the panel keys: the one registration of <see cref="StationDataProtection"/> (keys in the
/// data folder, encrypted at rest as DATA/vigie.json's "DataProtection" section says), for a host and for a process
/// without one (the CLI), so a key written by `vigie accounts` opens in `vigie serve`.
/// </summary>
public static class StationKeyRing
{
    /// <summary>Registers the key ring unless the host already did (the host's registration, with its settings, wins).</summary>
    public static IServiceCollection AddStationKeyRing(this IServiceCollection services, string dataDirectory, string? postgres = null) =>
        StationDataProtection.Add(services, dataDirectory, KeyRingSettings.Load(dataDirectory), postgres);

    /// <summary>The same key ring outside a host (`vigie accounts`, `vigie demo`, `vigie simulate`).</summary>
    public static IDataProtectionProvider Open(string dataDirectory, string? postgres = null) =>
        StationDataProtection.CreateProvider(dataDirectory, KeyRingSettings.Load(dataDirectory), postgres).GetRequiredService<IDataProtectionProvider>();
}
