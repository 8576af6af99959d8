namespace Vigie.Receiver.Journal;

/// <summary>
/// A message from a known panel, once committed (or recognised as a copy of a committed one): supervision
/// restarts the site's reporting timers on it. NULL link tests count too, journaled or not.
/// </summary>
/// <param name="SiteReference">The site the account belongs to.</param>
/// <param name="Line">The DC-09 line the message came on (tells the transmission path).</param>
/// <param name="ReceivedAt">The receiver's time of reception (UTC).</param>
/// <param name="CyclicTest">The message carries a periodic or manual test (SUP-1).</param>
public readonly record struct PanelContact(string SiteReference, string? Line, DateTime ReceivedAt, bool CyclicTest);

/// <summary>
/// Told of every panel contact by the journal's writer thread: implementations must only queue (never block,
/// never throw), or they would hold up the acknowledgements.
/// </summary>
public interface IPanelContacts
{
    void Heard(in PanelContact contact);
}
