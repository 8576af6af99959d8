namespace Vigie.Web;

/// <summary>The console's texts: Resources/ConsoleText.resx (English) and ConsoleText.fr.resx (French).</summary>
public sealed class ConsoleText;
