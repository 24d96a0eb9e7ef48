using System.Net.ServerSentEvents;
using System.Text.Json;
using Marketplace.Data.Jobs;

namespace Marketplace.Api.Tests;

/// <summary>Reads an import's or a scan's <c>text/event-stream</c> with the BCL parser until the server ends it.</summary>
internal static class ImportEvents
{
    public static async Task<List<JobEventInfo>> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var parser = SseParser.Create(stream, (_, data) => JsonSerializer.Deserialize<JobEventInfo>(data, ProblemAssert.JsonOptions)!);
        var events = new List<JobEventInfo>();
        await foreach (var item in parser.EnumerateAsync(cancellationToken))
        {
            Assert.Equal(item.Data.Type, item.EventType);
            Assert.Equal(item.Data.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), parser.LastEventId);
            events.Add(item.Data);
        }

        return events;
    }
}
