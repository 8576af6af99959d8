using Microsoft.Extensions.Logging;
using Vigie.Domain;
using Vigie.Domain.Offers;
using Vigie.Station.Messages;
using Vigie.Station.Ports;
using Vigie.Storage;

namespace Vigie.Station.Engine;

/// <summary>What every grain needs: the log, the rules, the catalogue, the clock, the ports, the deadlines and the panel commands.</summary>
public sealed class EngineServices(
    IEventLog log,
    EngineRules rules,
    OfferCatalogue catalogue,
    StationClock clock,
    IVoiceCalls voice,
    IEmailSender email,
    ISmsSender sms,
    IConsoleNotifications console,
    IBillableEvents billing,
    Deadlines deadlines,
    Outbox outbox,
    PanelCommandQueue panelCommands,
    Supervision.SupervisionSettings supervision,
    MessageTexts messages,
    Media.MediaCatalogue media,
    Media.MediaSettings mediaSettings,
    ILoggerFactory loggers,
    Cameras.IAlarmClips? alarmClips = null)
{
    public IEventLog Log { get; } = log;
    public EngineRules Rules { get; } = rules;
    public OfferCatalogue Catalogue { get; } = catalogue;
    public StationClock Clock { get; } = clock;
    public IVoiceCalls Voice { get; } = voice;
    public IEmailSender Email { get; } = email;
    public ISmsSender Sms { get; } = sms;
    public IConsoleNotifications Console { get; } = console;
    public IBillableEvents Billing { get; } = billing;
    public Deadlines Deadlines { get; } = deadlines;
    public Outbox Outbox { get; } = outbox;
    public PanelCommandQueue PanelCommands { get; } = panelCommands;
    public Supervision.SupervisionSettings Supervision { get; } = supervision;
    public ILoggerFactory Loggers { get; } = loggers;

    /// <summary>The photos and clips' metadata (issue 18), and its figures.</summary>
    public Media.MediaCatalogue Media { get; } = media;
    public Media.MediaSettings MediaSettings { get; } = mediaSettings;

    /// <summary>Asks the site's cameras for the clip of an intrusion (none on a station without cameras).</summary>
    public Cameras.IAlarmClips? AlarmClips { get; } = alarmClips;

    /// <summary>The texts of the messages people receive, in the station's message language.</summary>
    public MessageTexts Messages { get; } = messages;
}
