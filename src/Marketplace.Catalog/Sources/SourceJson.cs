using System.Text.Json;
using System.Text.Json.Nodes;

namespace Marketplace.Catalog.Sources;

/// <summary>
/// Reads a JSON document from a source (<c>plugin.json</c>, <c>.mcp.json</c>, and <c>marketplace.json</c>) within
/// <see cref="JsonDocumentLimits"/>: the size is checked before parsing and the depth by the reader itself, so no
/// document can exhaust memory or the stack. Comments and trailing commas are allowed, as hand-written manifests have them.
/// </summary>
public static class SourceJson
{
    /// <exception cref="ArtifactContentException">The document is too large, too deep, or not JSON; the message names the file and the
    /// limit.</exception>
    public static JsonNode? Parse(ReadOnlySpan<byte> json, string path, JsonDocumentLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (json.Length > limits.MaxBytes)
        {
            throw new ArtifactContentException($"'{path}' is {json.Length} bytes, over Sources:Json:MaxBytes ({limits.MaxBytes}).");
        }

        var options = new JsonDocumentOptions
        {
            MaxDepth = limits.MaxDepth, CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true,
                AllowDuplicateProperties = false,
        };
        try
        {
            Validate(json, options);
            return JsonNode.Parse(json, documentOptions: options);
        }
        catch (JsonException e) when (e.Message.Contains("maximum configured depth", StringComparison.Ordinal))
        {
            throw new ArtifactContentException($"'{path}' nests deeper than Sources:Json:MaxDepth ({limits.MaxDepth}).", e);
        }
        catch (JsonException e)
        {
            throw new ArtifactContentException($"'{path}' is not valid JSON: {e.Message}", e);
        }
        catch (InvalidOperationException e)
        {
            throw new ArtifactContentException($"'{path}' holds a string that is not valid Unicode (an escaped lone surrogate).", e);
        }
    }

    /// <summary>
    /// One pass of the (iterative) reader over every token first: every string and property name must decode, or
    /// a later read of it would throw where no caller expects it.
    /// </summary>
    private static void Validate(ReadOnlySpan<byte> json, JsonDocumentOptions options)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions
        {
            MaxDepth = options.MaxDepth, CommentHandling = options.CommentHandling, AllowTrailingCommas = options.AllowTrailingCommas,
        });
        while (reader.Read())
        {
            if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
            {
                _ = reader.GetString();
            }
        }
    }

    /// <summary>A string property, trimmed and cleaned of unsafe characters, or null when absent, empty or not a string.</summary>
    public static string? Text(JsonObject node, string key) =>
        node[key] is JsonValue v && v.TryGetValue<string>(out var s) && SafeText.Clean(s).Trim() is { Length: > 0 } clean ? clean : null;
}
