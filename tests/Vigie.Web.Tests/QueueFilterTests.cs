using NodaTime;
using Vigie.Domain.Incidents;
using Vigie.Domain.Offers;
using Vigie.Station.Engine;
using Vigie.Web.Console;

namespace Vigie.Web.Tests;

/// <summary>What the queue's search and filters keep, without a browser; and the map's settings.</summary>
public sealed class QueueFilterTests
{
    private static IncidentSummary Incident(string id, string site, string subscriber, AlertKind kind, string? handledBy = null) =>
        new(id, site, subscriber, kind, kind.Priority(), ProcedureKind.OperatorIntrusion, OfferCode.ToutInclus, false, Instant.FromUnixTimeSeconds(0),
            Instant.FromUnixTimeSeconds(30), IncidentStatus.Open, null, null, "opened", Instant.FromUnixTimeSeconds(30), 1, handledBy);

    private static readonly IncidentSummary Nord = Incident("NORD-1-0001", "NORD-1", "Hélène Dupré", AlertKind.Intrusion, "alice");
    private static readonly IncidentSummary Sud = Incident("SUD-2-0001", "SUD-2", "Marc Lefèvre", AlertKind.Smoke);

    [Theory]
    [InlineData("helene", true)]
    [InlineData("HÉLÈNE DUPRÉ", true)]
    [InlineData("dupre nord", true)]
    [InlineData("nord-1-0001", true)]
    [InlineData("7001", true)]
    [InlineData("dupre sud", false)]
    [InlineData("7002", false)]
    [InlineData("   ", true)]
    public void Every_word_must_match_the_site_subscriber_panel_account_or_incident_ignoring_case_and_accents(string text, bool kept) =>
        Assert.Equal(kept, new QueueFilter(text).Matches(Nord, "7001", "bruno"));

    [Fact]
    public void Type_state_and_mine_each_narrow_the_queue()
    {
        Assert.True(new QueueFilter(Kind: AlertKind.Smoke).Matches(Sud, null, "alice"));
        Assert.False(new QueueFilter(Kind: AlertKind.Smoke).Matches(Nord, null, "alice"));
        Assert.True(new QueueFilter(State: QueueState.Waiting).Matches(Sud, null, "alice"));
        Assert.False(new QueueFilter(State: QueueState.Waiting).Matches(Nord, null, "alice"));
        Assert.True(new QueueFilter(State: QueueState.Taken).Matches(Nord, null, "alice"));
        Assert.False(new QueueFilter(State: QueueState.Taken).Matches(Sud, null, "alice"));
        Assert.True(new QueueFilter(Mine: true).Matches(Nord, null, "alice"));
        Assert.False(new QueueFilter(Mine: true).Matches(Nord, null, "bruno"));
        Assert.False(new QueueFilter(Mine: true).Matches(Sud, null, "alice"));
        Assert.False(QueueFilter.Everything.Narrows);
        Assert.True(new QueueFilter(Mine: true).Narrows);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("https://tiles.example.org/{z}/{x}/{y}.png", true)]
    [InlineData("http://127.0.0.1:8081/{s}/{z}/{x}/{y}.png", true)]
    [InlineData("https://tiles.example.org/{z}/{x}.png", false)]
    [InlineData("ftp://tiles.example.org/{z}/{x}/{y}.png", false)]
    [InlineData("tiles/{z}/{x}/{y}.png", false)]
    public void The_map_tile_setting_is_an_http_template_with_zoom_x_and_y(string? tiles, bool valid)
    {
        var errors = new ConsoleOptions { MapTiles = tiles }.Validate();
        Assert.Equal(valid, !errors.Any(e => e.StartsWith("Console:MapTiles", StringComparison.Ordinal)));
    }
}
