using System.Buffers;
using System.Text;
using Microsoft.Extensions.Logging;
using Vigie.Protocols.Dc09;
using Vigie.Protocols.Events;
using Vigie.Receiver.Accounts;
using Vigie.Receiver.Journal;

namespace Vigie.Receiver.Reception;

/// <summary>
/// Decides what one DC-09 frame means and what the panel gets back, independent of the transport.
/// The rules (DC-09 and ARCHITECTURE "Rules that hold everywhere"):
/// bad CRC → no reply; malformed → NAK; encrypted outside the timestamp window → NAK with the receiver's time;
/// encrypted with no key or a wrong key → stored raw, DUH; unknown account (plain) → stored, ACK;
/// plain for an account with a key (unless it allows plain) → stored as refused, NAK, never acted on;
/// anything stored is acknowledged only after its commit (the caller awaits <see cref="SignalJournal"/>).
/// Untrusted frames (unknown account, unreadable, refused) are stored within a per-source quota and logged
/// at most once per interval per source (<see cref="RefusalLedger"/>).
/// </summary>
public sealed class FrameReception(
    ReceiverOptions options,
    AccountDirectory accounts,
    TimeProvider time,
    ReceiverMetrics metrics,
    RefusalLedger ledger,
    ILogger<FrameReception> logger)
{
    /// <summary>Reply buffers must hold this much: the longest reply is an encrypted *ACK.</summary>
    public const int MaxReplyLength = 256;

    public Verdict Decide(ReadOnlySpan<byte> input, string transport, string remote, Span<byte> reply)
    {
        var now = time.GetUtcNow().UtcDateTime;
        metrics.FrameIn(transport);
        var error = Dc09Parser.TryParse(input, options.Dialect, out var frame);
        if (error == Dc09FrameError.CrcMismatch)
        {
            metrics.NoReply("crc");
            LogRefused(remote, transport, "crc-mismatch", null, ReplyKind.None, now);
            return Verdict.NoReply("crc-mismatch");
        }
        if (error != Dc09FrameError.None)
        {
            return Nak(reply, now, remote, transport, ReasonOf(error)) with { Readable = false };
        }
        if (frame.Token is Dc09Token.Ack or Dc09Token.Nak or Dc09Token.Duh)
        {
            return Nak(reply, now, remote, transport, "reply-token-from-panel");
        }

        var known = frame.HasAccount ? accounts.Find(frame.Account, frame.Receiver, frame.Line) : null;
        var verdict = frame.Encrypted
            ? DecideEncrypted(frame, known, input, transport, remote, now, reply)
            : DecidePlain(frame, known, input, transport, remote, now, reply);
        return verdict.Entry is { } entry && SignalStatusNames.IsUntrusted(entry.Status)
            ? Untrusted(verdict, entry, transport, remote, now, reply)
            : verdict;
    }

    /// <summary>Stores an untrusted frame only within its source's quota, and logs it only when its source's line is due.</summary>
    private Verdict Untrusted(Verdict verdict, JournalEntry entry, string transport, string remote, DateTime now, Span<byte> reply)
    {
        var address = RefusalLedger.AddressOf(remote);
        LogRefused(remote, transport, verdict.Reason, entry.Account, verdict.Reply, now);
        if (ledger.TryStore(address, now))
        {
            return verdict;
        }
        metrics.NotStored(verdict.Reason);
        // Not stored, so not acknowledged (an ACK says "stored"): a real panel retries once the quota rolls on.
        return verdict.Reply == ReplyKind.Ack
            ? new Verdict(ReplyKind.Nak, Dc09Writer.WriteNak(reply, now), null, "quota-exceeded")
            : verdict with { Entry = null };
    }

    private void LogRefused(string remote, string transport, string reason, string? account, ReplyKind reply, DateTime now)
    {
        if (ledger.TryLog(RefusalLedger.AddressOf(remote), now, out var suppressed))
        {
            ReceiverLog.FrameRefused(logger, remote, transport, reason, account ?? "(none)", ReplyName(reply), suppressed, options.RefusalLogInterval);
        }
    }

    private static string ReplyName(ReplyKind reply) => reply switch
    {
        ReplyKind.None => "none",
        ReplyKind.Ack => "ACK",
        ReplyKind.Nak => "NAK",
        ReplyKind.Duh => "DUH",
        _ => throw new ArgumentOutOfRangeException(nameof(reply), reply, null),
    };

    private Verdict DecideEncrypted(in Dc09Frame frame, KnownAccount? known, ReadOnlySpan<byte> input,
        string transport, string remote, DateTime now, Span<byte> reply)
    {
        var account = Encoding.ASCII.GetString(frame.Account);
        if (known?.Key is null)
        {
            var status = known is null ? SignalStatus.UnknownAccount : SignalStatus.NoKey;
            if (known is null)
            {
                metrics.UnknownAccount();
            }
            var entry = RawEntry(frame, input, transport, remote, now, account, known, status);
            return new Verdict(ReplyKind.Duh, Dc09Writer.WriteDuh(reply, frame), entry, known is null ? "unknown-account-encrypted" : "no-key");
        }

        var rented = ArrayPool<byte>.Shared.Rent(frame.Body.Length / 2);
        try
        {
            var length = known.Key.DecryptHex(frame.Body, rented);
            var plaintext = rented.AsSpan(0, Math.Max(length, 0));
            if (length < 0 || Dc09Content.TryParse(plaintext, fromCiphertext: true, out var content) != Dc09FrameError.None)
            {
                var entry = RawEntry(frame, input, transport, remote, now, account, known, SignalStatus.KeyMismatch);
                return new Verdict(ReplyKind.Duh, Dc09Writer.WriteDuh(reply, frame), entry, "key-mismatch");
            }
            if (!content.HasTimestamp)
            {
                return Nak(reply, now, remote, transport, "encrypted-without-timestamp");
            }
            if (!known.TryToUtc(content.Timestamp, out var panelUtc))
            {
                return Nak(reply, now, remote, transport, "timestamp-out-of-range");
            }
            if (!WithinWindow(panelUtc, now, known))
            {
                return Nak(reply, now, remote, transport, "timestamp-outside-window");
            }
            var stored = Entry(frame, content, input, transport, remote, now, account, known, panelUtc, null);
            return new Verdict(ReplyKind.Ack, Dc09Writer.WriteAck(reply, frame, known.Key, now), stored, "accepted");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented, clearArray: true);
        }
    }

    private Verdict DecidePlain(in Dc09Frame frame, KnownAccount? known, ReadOnlySpan<byte> input,
        string transport, string remote, DateTime now, Span<byte> reply)
    {
        var error = Dc09Content.TryParse(frame.Body, fromCiphertext: false, out var content);
        if (error != Dc09FrameError.None)
        {
            return Nak(reply, now, remote, transport, ReasonOf(error));
        }
        ReadOnlySpan<byte> accountBytes = frame.Account;
        if (!frame.HasAccount && content.HasDataAccount)
        {
            // Some panels name the account only inside the data ("[#006969|…]").
            accountBytes = content.DataAccount;
            known = accounts.Find(accountBytes, frame.Receiver, frame.Line);
        }
        var account = accountBytes.IsEmpty ? null : Encoding.ASCII.GetString(accountBytes);
        DateTime? panelUtc = null;
        if (content.HasTimestamp)
        {
            if (known is null)
            {
                panelUtc = DateTime.SpecifyKind(content.Timestamp, DateTimeKind.Utc);
            }
            else if (known.TryToUtc(content.Timestamp, out var converted))
            {
                panelUtc = converted;
            }
            else
            {
                return Nak(reply, now, remote, transport, "timestamp-out-of-range");
            }
        }
        if (known is { Key: not null, Record.AllowPlain: false })
        {
            // Anyone can write a plain frame: for an account with a key it proves nothing. Kept for the station
            // to see who tries, answered NAK, never acted on, never a sign of life.
            metrics.Rejected("plain-for-keyed-account");
            var refused = Entry(frame, content, input, transport, remote, now, account, known, panelUtc, SignalStatus.PlainRefused);
            return new Verdict(ReplyKind.Nak, Dc09Writer.WriteNak(reply, now), refused, "plain-for-keyed-account");
        }
        if (panelUtc is { } stamped && options.EnforceWindowOnPlainMessages && !WithinWindow(stamped, now, known))
        {
            return Nak(reply, now, remote, transport, "timestamp-outside-window");
        }
        var entry = Entry(frame, content, input, transport, remote, now, account, known, panelUtc, null);
        return new Verdict(ReplyKind.Ack, Dc09Writer.WriteAck(reply, frame, null, now), entry, entry.Status == SignalStatus.UnknownAccount ? "unknown-account" : "accepted");
    }

    private bool WithinWindow(DateTime panelUtc, DateTime now, KnownAccount? known)
    {
        // Panels stamp whole seconds: compare against the receiver's whole second so "-40 s" means what it says.
        var receiverSecond = new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
        var behind = known?.Record.WindowBehindSeconds is { } b ? TimeSpan.FromSeconds(b) : options.TimestampBehind;
        var ahead = known?.Record.WindowAheadSeconds is { } a ? TimeSpan.FromSeconds(a) : options.TimestampAhead;
        var delta = panelUtc - receiverSecond;
        return delta >= -behind && delta <= ahead;
    }

    /// <summary>The journal entry of a readable frame; <paramref name="refused"/> overrides its status (then it is never presence-only).</summary>
    private JournalEntry Entry(in Dc09Frame frame, in Dc09Content content, ReadOnlySpan<byte> input,
        string transport, string remote, DateTime now, string? account, KnownAccount? known, DateTime? panelUtc, SignalStatus? refused)
    {
        var status = refused ?? (known is null ? SignalStatus.UnknownAccount : SignalStatus.Accepted);
        var token = Dc09Tokens.Name(frame.Token, frame.Encrypted);
        if (known is null)
        {
            metrics.UnknownAccount();
        }
        string? events = null;
        var cyclicTest = false;
        var alarm = false;
        var linkTest = frame.Token == Dc09Token.Null;
        if (!linkTest)
        {
            var decoded = SignalPayload.Decode(frame.Token, content.Payload);
            events = decoded.Json;
            foreach (var e in decoded.Events)
            {
                cyclicTest |= e.Kind is AlarmEventKind.PeriodicTest or AlarmEventKind.ManualTest;
                alarm |= e.IsAlarm;
            }
            if (!decoded.Succeeded)
            {
                metrics.Rejected("payload-unreadable");
                ReceiverLog.PayloadUnreadable(logger, account ?? "(none)", frame.Sequence, decoded.Json);
                if (status == SignalStatus.Accepted)
                {
                    status = SignalStatus.PayloadUnreadable;
                }
            }
        }
        else if (status == SignalStatus.Accepted)
        {
            status = SignalStatus.LinkTest;
        }
        return new JournalEntry
        {
            ReceivedAt = now,
            Transport = transport,
            Remote = remote,
            Token = token,
            Account = account,
            Receiver = frame.HasReceiver ? Encoding.ASCII.GetString(frame.Receiver) : null,
            Line = frame.HasLine ? Encoding.ASCII.GetString(frame.Line) : null,
            Sequence = frame.Sequence,
            PanelTime = panelUtc,
            Status = status,
            SiteReference = known?.Record.SiteReference,
            Data = Encoding.ASCII.GetString(content.Data),
            ExtendedData = content.ExtendedData.IsEmpty ? null : Encoding.ASCII.GetString(content.ExtendedData),
            Events = events,
            Raw = input.ToArray(),
            ContentHash = ContentHash.Of(content.Data, content.ExtendedData),
            PresenceOnly = linkTest && refused is null && !options.JournalLinkTests,
            CyclicTest = cyclicTest && refused is null,
            // A refused or unknown frame is never acted on: no reason to let it jump the queue.
            Alarm = alarm && status == SignalStatus.Accepted,
        };
    }

    private static JournalEntry RawEntry(in Dc09Frame frame, ReadOnlySpan<byte> input, string transport, string remote,
        DateTime now, string account, KnownAccount? known, SignalStatus status) => new()
        {
            ReceivedAt = now,
            Transport = transport,
            Remote = remote,
            Token = Dc09Tokens.Name(frame.Token, frame.Encrypted),
            Account = account,
            Receiver = frame.HasReceiver ? Encoding.ASCII.GetString(frame.Receiver) : null,
            Line = frame.HasLine ? Encoding.ASCII.GetString(frame.Line) : null,
            Sequence = frame.Sequence,
            Status = status,
            SiteReference = known?.Record.SiteReference,
            Raw = input.ToArray(),
            // Unreadable: only the ciphertext can tell copies apart (a retry with a new pad is stored again).
            ContentHash = ContentHash.Of(frame.Body),
        };

    private Verdict Nak(Span<byte> reply, DateTime now, string remote, string transport, string reason)
    {
        metrics.Rejected(reason);
        LogRefused(remote, transport, reason, null, ReplyKind.Nak, now);
        return new Verdict(ReplyKind.Nak, Dc09Writer.WriteNak(reply, now), null, reason);
    }

    private static string ReasonOf(Dc09FrameError error) => error switch
    {
        Dc09FrameError.None => "none",
        Dc09FrameError.Framing => "framing",
        Dc09FrameError.TooLong => "too-long",
        Dc09FrameError.BadCrcField => "bad-crc-field",
        Dc09FrameError.CrcMismatch => "crc-mismatch",
        Dc09FrameError.BadLength => "bad-length",
        Dc09FrameError.UnknownToken => "unknown-token",
        Dc09FrameError.BadSequence => "bad-sequence",
        Dc09FrameError.BadRouting => "bad-routing",
        Dc09FrameError.BadAccount => "bad-account",
        Dc09FrameError.BadData => "bad-data",
        Dc09FrameError.BadExtendedData => "bad-extended-data",
        Dc09FrameError.BadTimestamp => "bad-timestamp",
        Dc09FrameError.BadCiphertext => "bad-ciphertext",
        _ => throw new ArgumentOutOfRangeException(nameof(error), error, null),
    };
}
