using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using NodaTime;
using Vigie.Domain;
using Vigie.Domain.Contacts;
using Vigie.Domain.Offers;
using Vigie.Domain.Sites;
using Vigie.Protocols.Dc09;
using Vigie.Receiver;
using Vigie.Receiver.Accounts;
using Vigie.Receiver.Reception;
using Vigie.Receiver.Simulation;
using Vigie.Station;
using Vigie.Station.Engine;
using Vigie.Station.Ports;
using Vigie.Station.Simulator;

namespace Vigie.Station.Tests;

/// <summary>
/// The whole station in the test process: real Kestrel and DC-09 sockets on 127.0.0.1, real SQLite files,
/// the Orleans silo, and a fake clock, so a 30-s window passes when the test says so. Waiting for the engine to
/// read a signal uses real time (bounded); deciding uses only the fake clock.
/// </summary>
public sealed class EngineUnderTest : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private WebApplication _app;
    private readonly bool _keepData;
    private readonly Func<ReceiverOptions, StationOptions, HostSettings, WebApplication> _build;

    private EngineUnderTest(WebApplication app, ReceiverOptions receiver, StationOptions engine, FakeTimeProvider time, bool keepData,
        Func<ReceiverOptions, StationOptions, HostSettings, WebApplication> build)
    {
        _build = build;
        _app = app;
        Receiver = receiver;
        Engine = engine;
        Time = time;
        _keepData = keepData;
    }

    public ReceiverOptions Receiver { get; }
    public StationOptions Engine { get; }
    public FakeTimeProvider Time { get; }
    /// <summary>The host's services (the console's tests reach their own services through it).</summary>
    public IServiceProvider Services => _app.Services;
    public StationDesk Desk => _app.Services.GetRequiredService<StationDesk>();
    public SimulatedTelephony Phones => _app.Services.GetRequiredService<SimulatedTelephony>();
    public SimulatedMailbox Mailbox => _app.Services.GetRequiredService<SimulatedMailbox>();
    public SignalFeed Feed => _app.Services.GetRequiredService<SignalFeed>();
    public Supervision.SupervisionPulse Pulse => _app.Services.GetRequiredService<Supervision.SupervisionPulse>();
    public IReadOnlyList<Ports.SiteNotice> Notices => _app.Services.GetRequiredService<ConsoleFeed>().SiteNotices();
    public IReadOnlyList<Ports.IncidentNotice> IncidentNotices => _app.Services.GetRequiredService<ConsoleFeed>().Recent();
    public Supervision.PanelContactsFeed Contacts => _app.Services.GetRequiredService<Supervision.PanelContactsFeed>();
    public Instant Now => Instant.FromDateTimeOffset(Time.GetUtcNow());

    /// <summary>HTTP port of the API, when started with <c>http: true</c>.</summary>
    public int HttpPort { get; private init; } = -1;

    public static async Task<EngineUnderTest> StartAsync(string? dataDirectory = null, FakeTimeProvider? time = null, bool keepData = false, bool http = false,
        Action<StationOptions>? configure = null, Func<ReceiverOptions, StationOptions, HostSettings, WebApplication>? build = null, int attempt = 1,
        string? postgres = null)
    {
        build ??= (r, e, h) => StationHost.Build(r, e, h);
        var httpPort = http ? Loopback.FreePort(SocketType.Stream, ProtocolType.Tcp) : -1;
        var receiver = new ReceiverOptions
        {
            DataDirectory = dataDirectory ?? Path.Combine(Path.GetTempPath(), "vigie-engine-tests", Guid.NewGuid().ToString("N")),
            BindAddress = "127.0.0.1",
            TcpPort = Loopback.FreePort(SocketType.Stream, ProtocolType.Tcp),
            UdpPort = -1,
            AccountReloadInterval = TimeSpan.FromMilliseconds(50),
            JournalSynchronous = "NORMAL",
            PresenceFlushInterval = TimeSpan.Zero,
            // Panels stamp with the real clock; the station's clock is fake: plain messages are not windowed.
            IdleTimeout = TimeSpan.FromDays(1),
            Postgres = postgres,
        };
        var engine = new StationOptions
        {
            EventLogPath = Path.Combine(receiver.DataDirectory, "events.db"),
            CodeHashIterations = 1000,
            JournalPollInterval = TimeSpan.FromMilliseconds(5),
            SupervisionPartitions = 4,
        };
        configure?.Invoke(engine);
        time ??= new FakeTimeProvider(Start);
        var app = build(receiver, engine, new HostSettings { HttpPort = httpPort, MinimumLogLevel = LogLevel.Warning, Time = time });
        try
        {
            await app.StartAsync();
        }
        catch (Exception error) when (PortTaken(error) && attempt < 3)
        {
            // A port found free a moment ago was taken by another test process meanwhile: again, with new ports.
            await app.DisposeAsync();
            return await StartAsync(receiver.DataDirectory, time, keepData, http, configure, build, attempt + 1, postgres);
        }
        // Supervision reconciles its sites once started: every test begins with it ready, as a station in service is.
        await app.Services.GetRequiredService<Supervision.SupervisionPulse>().Ready;
        return new EngineUnderTest(app, receiver, engine, time, keepData, build) { HttpPort = httpPort };
    }

    private static bool PortTaken(Exception? error)
    {
        for (; error is not null; error = error.InnerException)
        {
            if (error is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } || error.GetType().Name == "AddressInUseException")
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Stops the station (as `vigie serve` stops on Ctrl+C) and starts a new one on the same files and clock.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAgainAsync();
    }

    public async Task StopAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopped = true;
    }

    public async Task StartAgainAsync()
    {
        _app = _build(Receiver, Engine, new HostSettings { HttpPort = HttpPort, MinimumLogLevel = LogLevel.Warning, Time = Time });
        await _app.StartAsync();
        await Pulse.Ready;
        _stopped = false;
    }

    private bool _stopped;

    public async Task ProvisionAsync(SiteDefinition site, string code = "1234", string? duress = "9999")
    {
        var result = await Desk.ProvisionAsync(site, code, duress, Enum.GetValues<ActivationStep>(), Actor.System);
        Assert.True(result.Accepted, result.Refusal?.Detail);
        var directory = _app.Services.GetRequiredService<AccountDirectory>();
        await Until(() => Task.FromResult(directory.Find(Encoding.ASCII.GetBytes(site.Panel.Account), [], "0"u8) is not null), $"account {site.Panel.Account} loaded");
    }

    public SimulatedPanel Panel(string account) =>
        new(new PanelProfile { Account = account, StampPlainMessages = false }, new IPEndPoint(IPAddress.Loopback, Receiver.TcpPort), PanelTransport.Tcp)
        {
            ReplyTimeout = TimeSpan.FromSeconds(10),
        };

    /// <summary>Sends one SIA or Contact ID event ("BA012", "1130 01 012") and waits until the engine has read it.</summary>
    public async Task SendAsync(SimulatedPanel panel, string @event)
    {
        var (token, payload) = EventMix.Parse(@event);
        var reply = await panel.SendEventAsync(token, payload);
        Assert.Equal(ReplyKind.Ack, reply.Kind);
        var journalMax = Services.GetRequiredService<Receiver.Journal.IJournalReader>().List().Max(s => s.Id);
        await Until(() => Task.FromResult(Feed.Cursor >= journalMax), $"engine read journal row {journalMax}");
    }

    /// <summary>Moves the fake clock; deadlines due fire, and the test then waits for what it expects.</summary>
    public void Advance(Duration by) => Time.Advance(by.ToTimeSpan());

    /// <summary>A NULL poll from the panel, acknowledged, and passed on to its supervision partition.</summary>
    public async Task PollAsync(SimulatedPanel panel)
    {
        var before = Contacts.Passed;
        Xunit.Assert.Equal(ReplyKind.Ack, (await panel.SendLinkTestAsync()).Kind);
        await Until(() => Task.FromResult(Contacts.Passed > before), "the poll reached its partition");
    }

    /// <summary>Moves the clock, then one supervision beat at the new time.</summary>
    public async Task BeatAsync(Duration by)
    {
        Advance(by);
        await Pulse.BeatAsync();
    }

    public static async Task Until(Func<Task<bool>> condition, string what, double seconds = 15)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out waiting for: {what}");
            }
            await Task.Delay(10);
        }
    }

    /// <summary>Messages written but not yet sent.</summary>
    public Task<IReadOnlyList<Vigie.Storage.Document>> OutboxAsync() =>
        _app.Services.GetRequiredService<Vigie.Storage.IEventLog>().ListDocumentsAsync(Collections.Outbox);

    public async Task<SiteStatus> SiteAsync(string siteId) => await Desk.SiteAsync(siteId) ?? throw new InvalidOperationException($"no site {siteId}");

    public async Task<IncidentDetail> IncidentAsync(string incidentId)
    {
        IncidentDetail? detail = null;
        await Until(async () => (detail = await Desk.IncidentAsync(incidentId)) is not null, $"incident {incidentId}");
        return detail!;
    }

    public async Task<VoiceCall> RingingAsync(PhoneNumber number)
    {
        VoiceCall? call = null;
        await Until(() => Task.FromResult((call = Phones.Ringing().FirstOrDefault(c => c.To == number)) is not null), $"a call ringing at {number}");
        return call!;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopped)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (!_keepData)
        {
            try
            {
                Directory.Delete(Receiver.DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }
        }
    }
}

/// <summary>Sites for the end-to-end tests, one per offer and situation.</summary>
public static class Sites
{
    public static readonly PhoneNumber Subscriber = PhoneNumber.Parse("+33639981001");
    public static readonly PhoneNumber Neighbour = PhoneNumber.Parse("+33639982001");
    public static readonly PhoneNumber Sister = PhoneNumber.Parse("+33639983001");

    public static SiteDefinition Of(string siteId, string account, OfferCode offer, bool speaker = false) => new()
    {
        SiteId = siteId,
        Subscriber = new Subscriber("SUB-" + siteId, "Camille Martin", SubscriberKind.Private),
        Address = new Address("3 rue des Lilas", "69003", "Lyon"),
        Landline = PhoneNumber.Parse("+33199000001"),
        Panel = new Panel(account, [new TransmissionPath(TransmissionKind.Ip, true), new TransmissionPath(TransmissionKind.Gsm, false)], speaker),
        Zones =
        [
            new Zone(1, "Entrance", DetectorKind.Opening, InPartial: true),
            new Zone(2, "Living room", DetectorKind.MotionWithImage),
            new Zone(4, "Hall smoke", DetectorKind.Smoke),
            new Zone(12, "Back door", DetectorKind.Opening, InPartial: true),
        ],
        Offer = offer,
        Instructions = new Instructions
        {
            SubscriberPhones = [Subscriber],
            Contacts = [new Contact("Neighbour", Neighbour), new Contact("Sister", Sister)],
            Emails = ["camille@example.org"],
            AccessNotes = "Key box by the gate.",
        },
    };
}
