using System.Text.Json;
using Vigie.Domain.Incidents;
using Vigie.Domain.Sites;

namespace Vigie.Domain.Tests.Support;

/// <summary>
/// Structural comparison of events through the log's JSON: records holding lists compare those lists by
/// reference, their JSON by content.
/// </summary>
internal static class Json
{
    public static string Of(IncidentEvent e) => JsonSerializer.Serialize(e, DomainJson.Options);

    public static string Of(SiteEvent e) => JsonSerializer.Serialize(e, DomainJson.Options);

    public static void Equal(IEnumerable<IncidentEvent> expected, IEnumerable<IncidentEvent> actual) =>
        Assert.Equal(expected.Select(Of), actual.Select(Of));

    public static void Equal(IEnumerable<SiteEvent> expected, IEnumerable<SiteEvent> actual) =>
        Assert.Equal(expected.Select(Of), actual.Select(Of));
}
