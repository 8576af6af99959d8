using System.Globalization;

namespace Vigie.Domain.Offers;

/// <summary>One line of a price list (data/tariffs-*.csv): offer (or ALL), category, item, price TTC, unit, note.</summary>
public sealed record Tariff(string Offer, string Category, string Item, decimal PriceEurTtc, string Unit, string Note)
{
    /// <summary>Reads a price list; a bad line is reported with its number and nothing is returned.</summary>
    public static IReadOnlyList<Tariff> ParseCsv(string csv)
    {
        var lines = csv.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        if (lines.Count == 0 || lines[0] != "offer,category,item,price_eur_ttc,unit,note")
        {
            throw new FormatException("price list: the first line must be offer,category,item,price_eur_ttc,unit,note");
        }
        var tariffs = new List<Tariff>();
        for (var i = 1; i < lines.Count; i++)
        {
            if (lines[i].Length == 0)
            {
                continue;
            }
            var fields = SplitCsvLine(lines[i]);
            if (fields.Count != 6)
            {
                throw new FormatException($"price list line {i + 1}: 6 fields expected, {fields.Count} found");
            }
            if (!decimal.TryParse(fields[3], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var price))
            {
                throw new FormatException($"price list line {i + 1}: price '{fields[3]}' is not a number");
            }
            tariffs.Add(new Tariff(fields[0], fields[1], fields[2], price, fields[4], fields[5]));
        }
        return tariffs;
    }

    private static List<string> SplitCsvLine(string line)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }
        fields.Add(current.ToString());
        return fields;
    }
}
