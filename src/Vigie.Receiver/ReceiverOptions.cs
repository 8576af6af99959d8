using Vigie.Protocols.Dc09;

namespace Vigie.Receiver;

/// <summary>
/// Every figure of the receiver, bound from configuration section "Receiver" (environment: VIGIE_Receiver__TcpPort…).
/// Defaults are what a station runs in production.
/// </summary>
public sealed class ReceiverOptions
{
    public const string Section = "Receiver";

    /// <summary>Folder holding vigie.db (journal, accounts, presence); with <see cref="Postgres"/>, only local files (keys, settings).</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>
    /// Npgsql connection string (<c>Host=…;Port=…;Username=…;Database=…</c>) of the PostgreSQL database every station of a
    /// cluster shares (journal, event log, projections, accounts, Identity, key ring, Orleans); null: SQLite files in
    /// <see cref="DataDirectory"/> (the embedded default). Set by <c>--postgres</c> or <c>VIGIE_Receiver__Postgres</c>.
    /// </summary>
    public string? Postgres { get; set; }

    /// <summary>Address the DC-09 listeners bind to. Panels come from the internet in production; the demo binds loopback.</summary>
    public string BindAddress { get; set; } = "0.0.0.0";

    /// <summary>DC-09 TCP port; 0 picks a free port, -1 disables TCP.</summary>
    public int TcpPort { get; set; } = 9000;

    /// <summary>DC-09 UDP port; 0 picks a free port, -1 disables UDP.</summary>
    public int UdpPort { get; set; } = 9000;

    /// <summary>What the parser tolerates (binary CRC, decimal length, …).</summary>
    public Dc09Dialect Dialect { get; set; } = Dc09Dialect.Default;

    /// <summary>DC-09: a message may be stamped up to this long before the receiver's time.</summary>
    public TimeSpan TimestampBehind { get; set; } = TimeSpan.FromSeconds(40);

    /// <summary>DC-09: a message may be stamped up to this long after the receiver's time.</summary>
    public TimeSpan TimestampAhead { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Also refuse plain (unencrypted) messages stamped outside the window. DC-09 only requires it for
    /// encrypted ones, where it protects against replay; many plain panels have no reliable clock.
    /// </summary>
    public bool EnforceWindowOnPlainMessages { get; set; }

    /// <summary>How far apart two copies of one message (same account, receiver, line, sequence and data) may be stamped.</summary>
    public TimeSpan DuplicateWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// A TCP connection with no complete, readable frame for this long is closed (panels reconnect; slow-loris ones
    /// do not come back). Bytes that make no frame (noise) do not keep it open.
    /// </summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A frame begun but not finished within this time closes the connection.</summary>
    public TimeSpan FrameTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Most frames written in one journal transaction.</summary>
    public int MaxCommitBatch { get; set; } = 2048;

    /// <summary>SQLite synchronous mode for the journal: FULL makes every commit survive a power cut.</summary>
    public string JournalSynchronous { get; set; } = "FULL";

    /// <summary>
    /// How often accounts' last-seen times are written to disk. Signals are durable before their ACK;
    /// last-seen is kept in memory between flushes (after a crash, supervision restarts every deadline anyway).
    /// </summary>
    public TimeSpan PresenceFlushInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often the journal's write-ahead log is folded into the database file (off the writer's path).</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Store NULL link tests as signals too (they always update the account's last-seen time).</summary>
    public bool JournalLinkTests { get; set; }

    /// <summary>How often the account registry is checked for changes made by other processes (the CLI).</summary>
    public TimeSpan AccountReloadInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>UDP datagrams being handled at once; beyond it datagrams are dropped unanswered (the panel retries).</summary>
    public int MaxUdpInFlight { get; set; } = 20_000;

    /// <summary>Open DC-09 TCP connections at once; a connection beyond it is closed at once.</summary>
    public int MaxTcpConnections { get; set; } = 50_000;

    /// <summary>
    /// Open DC-09 TCP connections from one address at once. Panels behind one carrier NAT share an address, so this
    /// is generous; it stops one host from taking every connection.
    /// </summary>
    public int MaxTcpConnectionsPerAddress { get; set; } = 1_000;

    /// <summary>
    /// Untrusted frames (unknown account, no key, key mismatch, plain for a keyed account) stored per source address
    /// within <see cref="RefusedQuotaWindow"/> (rolling). Beyond it they are answered and counted, not stored.
    /// </summary>
    public int RefusedStoredPerSource { get; set; } = 100;

    /// <summary>The rolling window of <see cref="RefusedStoredPerSource"/>.</summary>
    public TimeSpan RefusedQuotaWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Refused frames from one address are logged at most once per this interval, with the count of those not logged.</summary>
    public TimeSpan RefusalLogInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Source addresses the quota and the log throttle remember at once; a new address beyond it is over its quota.</summary>
    public int MaxTrackedSources { get; set; } = 100_000;

    /// <summary>Run frame handling on the socket I/O threads (fewer thread hops); safe because it never blocks.</summary>
    public bool InlineSocketScheduling { get; set; } = true;

    public string DatabasePath => Path.Combine(DataDirectory, "vigie.db");
}
