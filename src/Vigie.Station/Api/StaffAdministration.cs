using Microsoft.AspNetCore.Builder;

namespace Vigie.Station.Api;

/// <summary>
/// Endpoint metadata for a route open to a site's subscriber and to staff: of the staff, only an administrator signed
/// in with a second factor may call it (a site's codes). The web layer enforces it with the route's audience.
/// </summary>
public sealed record StaffAdministration
{
    public static readonly StaffAdministration Required = new();
}

public static class StaffAdministrationExtensions
{
    /// <summary>Staff callers of this route must be administrators with a second factor (the subscriber keeps their access).</summary>
    public static TBuilder ForAdministratorsAmongStaff<TBuilder>(this TBuilder route) where TBuilder : IEndpointConventionBuilder =>
        route.WithMetadata(StaffAdministration.Required);
}
