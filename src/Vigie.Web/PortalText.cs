namespace Vigie.Web;

/// <summary>The subscribers' portal texts: Resources/PortalText.resx (English) and PortalText.fr.resx (French).</summary>
public sealed class PortalText;
