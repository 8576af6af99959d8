using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Vigie.Domain;
using Vigie.Domain.Offers;
using Vigie.Domain.Sites;
using Vigie.Receiver;
using Vigie.Station.Api;
using Vigie.Station.Engine;
using Vigie.Station.Ports;
using Vigie.Storage;

namespace Vigie.Station.Tests;

/// <summary>
/// A message or an arming command is sent by one station, once: the direct delivery after the commit and every
/// resume (a start, a takeover) go through the one delivery grain of that message, which finds it gone once sent.
/// In one process, the races a cluster makes: two resumes, or a resume and the direct delivery, at the same time.
/// </summary>
public sealed class OneDeliveryTests
{
    private const string Key = "incident-X-0001/7/email";
    private static readonly OutboxMessage Alert = new(OutboxMessage.Email, ["camille@example.org"], "Vigie: Intrusion alert", "acknowledged by Neighbour");

    [Fact]
    [Trait("Rule", "SUP-7")]
    public async Task Two_resumes_racing_send_a_pending_message_once()
    {
        var mailbox = new HeldMailbox();
        await using var station = await StartAsync(services => services.AddSingleton<IEmailSender>(mailbox));
        var log = station.Services.GetRequiredService<ListingsSeen>();
        var outbox = station.Services.GetRequiredService<Outbox>();
        // As a station's commit leaves it: the message in the log, not yet sent.
        await log.AppendAsync("outbox", 0, [], [Outbox.Entry(Key, Alert)]);

        // Two resumes (two stations starting, or one starting while another takes over) find it both.
        var first = outbox.ResumeAsync(TestContext.Current.CancellationToken);
        var second = outbox.ResumeAsync(TestContext.Current.CancellationToken);
        await EngineUnderTest.Until(() => Task.FromResult(mailbox.Entered >= 1 && log.Listed(Collections.Outbox, Key) >= 2),
            "both resumes found the message, one of them sending it");
        mailbox.Release();
        await Task.WhenAll(first, second);

        Assert.Equal(1, mailbox.Entered);
        Assert.Equal(Alert.Subject, Assert.Single(mailbox.Sent).Subject);
        Assert.Empty(await station.OutboxAsync());
    }

    [Fact]
    [Trait("Rule", "SUP-7")]
    public async Task A_message_whose_sending_failed_is_sent_at_the_next_resume_and_only_then_leaves_the_outbox()
    {
        var mailbox = new FailingOnceMailbox();
        await using var station = await StartAsync(services => services.AddSingleton<IEmailSender>(mailbox));
        var log = station.Services.GetRequiredService<ListingsSeen>();
        var outbox = station.Services.GetRequiredService<Outbox>();
        await log.AppendAsync("outbox", 0, [], [Outbox.Entry(Key, Alert)]);

        await outbox.ResumeAsync(TestContext.Current.CancellationToken);
        Assert.Equal(1, mailbox.Attempts);
        Assert.Empty(mailbox.Sent);
        Assert.Equal(Key, Assert.Single(await station.OutboxAsync()).Key);

        await outbox.ResumeAsync(TestContext.Current.CancellationToken);
        Assert.Equal(Alert.Subject, Assert.Single(mailbox.Sent).Subject);
        Assert.Empty(await station.OutboxAsync());
    }

    [Fact]
    [Trait("Rule", "RC-1")]
    public async Task A_resume_racing_the_sending_after_the_commit_hands_an_arming_command_to_the_panel_once()
    {
        var link = new HeldPanelLink();
        await using var station = await StartAsync(services => services.AddSingleton<IPanelCommands>(link));
        await station.ProvisionAsync(Sites.Of("OD-R", "3011", OfferCode.ToutInclus));
        var log = station.Services.GetRequiredService<ListingsSeen>();
        var queue = station.Services.GetRequiredService<PanelCommandQueue>();

        // The request commits its command, and the site's grain starts handing it to the panel link (held there)…
        var request = station.Desk.RequestArmingAsync("OD-R", ArmingMode.Total, Actor.Subscriber("SUB-OD-R"));
        await EngineUnderTest.Until(() => Task.FromResult(link.Entered >= 1), "the command on its way to the panel");
        // …while a resume (another station starting or taking over) finds it in the log.
        var resume = queue.ResumeAsync(TestContext.Current.CancellationToken);
        await EngineUnderTest.Until(() => Task.FromResult(log.Listed(Collections.PanelCommands, "OD-R-Q0001") >= 1), "the resume found the command");
        link.Release();
        Assert.True((await request).Accepted);
        await resume;

        Assert.Equal(1, link.Entered);
        Assert.Equal("OD-R-Q0001", Assert.Single(link.Sent).RequestId);
        Assert.Empty(await queue.PendingAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    [Trait("Rule", "RC-1")]
    public async Task RC_1_a_panel_command_still_pending_after_its_confirmation_deadline_is_dropped_at_the_resume_not_sent()
    {
        var link = new HeldPanelLink { Unplugged = true };
        link.Release();
        await using var station = await StartAsync(services => services.AddSingleton<IPanelCommands>(link));
        await station.ProvisionAsync(Sites.Of("OD-X", "3012", OfferCode.ToutInclus));
        var queue = station.Services.GetRequiredService<PanelCommandQueue>();
        Assert.True((await station.Desk.RequestArmingAsync("OD-X", ArmingMode.Total, Actor.Subscriber("SUB-OD-X"))).Accepted);
        Assert.Equal("OD-X-Q0001", Assert.Single(await queue.PendingAsync(TestContext.Current.CancellationToken)).RequestId);

        // The link comes back only after the confirmation window (60 s by default) has passed.
        station.Advance(Duration.FromSeconds(61));
        link.Unplugged = false;
        await queue.ResumeAsync(TestContext.Current.CancellationToken);

        Assert.Empty(link.Sent);
        Assert.Empty(await queue.PendingAsync(TestContext.Current.CancellationToken));
    }

    private static Task<EngineUnderTest> StartAsync(Action<IServiceCollection> ports) =>
        EngineUnderTest.StartAsync(build: (receiver, engine, settings) =>
        {
            var builder = ReceiverHost.CreateBuilder(receiver, settings);
            builder.AddVigieStation(receiver, engine);
            ports(builder.Services);
            builder.Services.AddSingleton(_ => new ListingsSeen(EventLog.Open(new EventLogOptions { DatabasePath = engine.EventLogPath! })));
            builder.Services.AddSingleton<IEventLog>(sp => sp.GetRequiredService<ListingsSeen>());
            var app = builder.Build();
            ReceiverHost.MapEndpoints(app, receiver);
            app.MapStationEndpoints();
            return app;
        });

    /// <summary>An SMTP server that takes every message but answers only when released; it counts what reaches it.</summary>
    private sealed class HeldMailbox : IEmailSender
    {
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _entered;

        public int Entered => Volatile.Read(ref _entered);
        public ConcurrentQueue<EmailMessage> Sent { get; } = new();

        public void Release() => _released.TrySetResult();

        public async Task SendEmailAsync(EmailMessage message, CancellationToken ct)
        {
            Interlocked.Increment(ref _entered);
            Sent.Enqueue(message);
            await _released.Task;
        }
    }

    /// <summary>A mail server down for the first message, up afterwards.</summary>
    private sealed class FailingOnceMailbox : IEmailSender
    {
        private int _attempts;

        public int Attempts => Volatile.Read(ref _attempts);
        public ConcurrentQueue<EmailMessage> Sent { get; } = new();

        public Task SendEmailAsync(EmailMessage message, CancellationToken ct)
        {
            if (Interlocked.Increment(ref _attempts) == 1)
            {
                throw new IOException("mail server unreachable");
            }
            Sent.Enqueue(message);
            return Task.CompletedTask;
        }
    }

    /// <summary>A panel link that answers only when released, or refuses while unplugged; it counts what reaches it.</summary>
    private sealed class HeldPanelLink : IPanelCommands
    {
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _entered;

        public volatile bool Unplugged;
        public int Entered => Volatile.Read(ref _entered);
        public ConcurrentQueue<PanelCommand> Sent { get; } = new();

        public void Release() => _released.TrySetResult();

        public async Task SendAsync(PanelCommand command, CancellationToken ct)
        {
            if (Unplugged)
            {
                throw new IOException("panel link down");
            }
            Interlocked.Increment(ref _entered);
            Sent.Enqueue(command);
            await _released.Task;
        }
    }

    /// <summary>The station's log, noting which keys each listing of a collection found (the test's sign that a resume has read it).</summary>
    private sealed class ListingsSeen(IEventLog log) : IEventLog
    {
        private readonly ConcurrentQueue<(string Collection, string Key)> _listed = new();

        public int Listed(string collection, string key) => _listed.Count(l => l.Collection == collection && l.Key == key);

        public string Location => log.Location;
        public bool IsReadOnly => log.IsReadOnly;

        public async Task<IReadOnlyList<Document>> ListDocumentsAsync(string collection, CancellationToken ct = default)
        {
            var documents = await log.ListDocumentsAsync(collection, ct);
            foreach (var document in documents)
            {
                _listed.Enqueue((collection, document.Key));
            }
            return documents;
        }

        public Task<IReadOnlyList<StoredEvent>> AppendAsync(string stream, long expectedVersion, IReadOnlyList<NewEvent> events, IReadOnlyList<DocumentChange>? documents = null,
            CancellationToken ct = default) => log.AppendAsync(stream, expectedVersion, events, documents, ct);

        public Task<IReadOnlyList<StoredEvent>> ReadStreamAsync(string stream, long fromVersion = 1, CancellationToken ct = default) => log.ReadStreamAsync(stream, fromVersion, ct);
        public Task<long> StreamVersionAsync(string stream, CancellationToken ct = default) => log.StreamVersionAsync(stream, ct);
        public Task<IReadOnlyList<string>> ListStreamsAsync(string prefix, CancellationToken ct = default) => log.ListStreamsAsync(prefix, ct);
        public Task<IReadOnlyList<StoredEvent>> ReadAllAsync(string prefix, long afterPosition, int limit, CancellationToken ct = default) =>
            log.ReadAllAsync(prefix, afterPosition, limit, ct);
        public Task<Document?> GetDocumentAsync(string collection, string key, CancellationToken ct = default) => log.GetDocumentAsync(collection, key, ct);
        public Task<ChainVerification> VerifyStreamAsync(string stream, CancellationToken ct = default) => log.VerifyStreamAsync(stream, ct);
        // Registered as itself and as the log: disposed twice by the host, closed once.
        public ValueTask DisposeAsync() => Interlocked.Exchange(ref _disposed, 1) == 0 ? log.DisposeAsync() : ValueTask.CompletedTask;

        private int _disposed;
    }
}
