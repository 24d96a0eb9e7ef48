using System.Text.Json;
using System.Text.Json.Nodes;

namespace Marketplace.Workflows.Management;

/// <summary>
/// JSON columns read back for the API. A value this version cannot read (stored by another, or past today's limits)
/// shows as null rather than failing the whole read: the execution stays visible, with its error saying why it failed.
/// </summary>
internal static class StoredJson
{
    public static JsonNode? Read(string? text)
    {
        if (text is null)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
