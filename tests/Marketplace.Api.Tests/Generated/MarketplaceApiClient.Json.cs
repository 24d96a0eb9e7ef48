using System.Text.Json;
using System.Text.Json.Serialization;

namespace Marketplace.Api.Tests.Generated;

/// <summary>
/// NSwag's hook for the serializer (hand-written; the rest of the client is generated): the document's enums are
/// snake_case strings, which NSwag's System.Text.Json output leaves to the settings.
/// </summary>
internal partial class MarketplaceApiClient
{
    static partial void UpdateJsonSerializerSettings(JsonSerializerOptions settings) =>
        settings.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
}
