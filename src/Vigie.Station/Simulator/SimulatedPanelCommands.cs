using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;
using Vigie.Domain.Signals;
using Vigie.Domain.Sites;
using Vigie.Protocols.Dc09;
using Vigie.Receiver;
using Vigie.Receiver.Accounts;
using Vigie.Receiver.Reception;
using Vigie.Receiver.Simulation;
using Vigie.Station.Ports;

namespace Vigie.Station.Simulator;

/// <summary>
/// SIMULATOR — the development panel link (Engine:PanelCommands = "Simulator"). It does what a panel does with a remote
/// arming command: it changes mode and reports it, over a real DC-09 TCP connection to this station's own receiver,
/// with the account's key and routing from the account store. The report is an ordinary SIA opening or closing whose
/// text names the channel ("portal remote control", "virtual remote"), so the station reads it as it would a real panel's.
/// No real panel is ever reached.
/// </summary>
public sealed class SimulatedPanelCommands(ReceiverOptions receiver, IAccountRegistry accounts, ILogger<SimulatedPanelCommands> logger) : IPanelCommands
{
    private const int Kept = 1000;
    private readonly ConcurrentQueue<PanelCommand> _handled = new();

    /// <summary>Commands this simulated link has answered, oldest first (tests and the demo).</summary>
    public IReadOnlyList<PanelCommand> Handled() => [.. _handled];

    /// <summary>
    /// The SIA DC-03 event the panel reports: remote closing (CQ), perimeter (partial) closing (NL) or remote opening (OQ),
    /// with the channel in the text.
    /// </summary>
    public static string Payload(PanelCommand command)
    {
        var code = command.Mode switch
        {
            ArmingMode.Total => "CQ",
            ArmingMode.Partial => "NL",
            ArmingMode.Disarmed => "OQ",
        };
        var text = command.Channel == ArmingChannel.VirtualRemote ? "virtual remote" : "portal remote control";
        return $"Nri1/{code}^{text}^";
    }

    public async Task SendAsync(PanelCommand command, CancellationToken ct)
    {
        if (receiver.TcpPort <= 0)
        {
            throw new InvalidOperationException("the receiver has no TCP port: the simulated panel cannot answer");
        }
        var record = accounts.Load().Accounts.FirstOrDefault(a => a.Account == command.PanelAccount)
            ?? throw new InvalidOperationException($"panel account {command.PanelAccount} is not registered with the receiver");
        Dc09Key? key = null;
        if (record.Key is { } text && !Dc09Key.TryParse(text, record.KeyFormat, out key, out var error))
        {
            throw new InvalidOperationException($"panel account {command.PanelAccount}: key unusable ({error})");
        }
        try
        {
            var profile = new PanelProfile
            {
                Account = record.Account,
                Receiver = record.Receiver.Length > 0 ? record.Receiver : null,
                Line = record.Line.Length > 0 ? record.Line : "0",
                Key = key,
                StampPlainMessages = false,
            };
            var address = IPAddress.TryParse(receiver.BindAddress, out var bound) && !bound.Equals(IPAddress.Any) && !bound.Equals(IPAddress.IPv6Any)
                ? bound
                : IPAddress.Loopback;
            await using var panel = new SimulatedPanel(profile, new IPEndPoint(address, receiver.TcpPort), PanelTransport.Tcp)
            {
                ReplyTimeout = TimeSpan.FromSeconds(5),
                MaxAttempts = 2,
            };
            var reply = await panel.SendEventAsync(Dc09Token.SiaDcs, Payload(command), ct);
            if (reply.Kind != ReplyKind.Ack)
            {
                throw new IOException($"the receiver answered {reply.Kind} after {reply.Attempts} attempt(s)");
            }
            _handled.Enqueue(command);
            while (_handled.Count > Kept && _handled.TryDequeue(out _))
            {
            }
            SimulatedPanelLog.Answered(logger, command.RequestId, command.PanelAccount, command.Mode.ToString());
        }
        finally
        {
            key?.Dispose();
        }
    }
}

internal static partial class SimulatedPanelLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "SIMULATOR: panel {Account} answered command {RequestId}: now {Mode}")]
    public static partial void Answered(ILogger logger, string requestId, string account, string mode);
}
