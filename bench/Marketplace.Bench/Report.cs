using System.Globalization;
using System.Text.Json;

namespace Marketplace.Bench;

/// <summary>One scenario's rows of named figures, printed as a Markdown table and kept for JSON.</summary>
internal sealed class Report(string scenario)
{
    public string Scenario { get; } = scenario;
    public List<Dictionary<string, object>> Rows { get; } = [];
    public Dictionary<string, object> Summary { get; } = [];

    public void Print()
    {
        Console.WriteLine($"\n### {Scenario}\n");
        var columns = Rows.SelectMany(r => r.Keys).Distinct().ToList();
        Console.WriteLine("| " + string.Join(" | ", columns) + " |");
        Console.WriteLine("|" + string.Join("|", columns.Select(_ => "---")) + "|");
        foreach (var row in Rows)
        {
            Console.WriteLine("| " + string.Join(" | ", columns.Select(c => Format(row.GetValueOrDefault(c)))) + " |");
        }

        foreach (var (key, value) in Summary)
        {
            Console.WriteLine($"\n{key}: {Format(value)}");
        }
    }

    public object ToJson() => new Dictionary<string, object> { ["scenario"] = Scenario, ["rows"] = Rows }
        .Concat(Summary).ToDictionary(p => p.Key, p => p.Value);

    private static string Format(object? value) => value switch
    {
        double d => d.ToString(d >= 100 ? "F0" : "F2", CultureInfo.InvariantCulture),
        null => "",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static void WriteJson(string path, IEnumerable<Report> reports) =>
        File.WriteAllText(path, JsonSerializer.Serialize(reports.Select(r => r.ToJson()), Indented));
}
