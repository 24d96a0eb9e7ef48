using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Marketplace.Workflows.Management;

namespace Marketplace.Api.Tests.Workflows;

/// <summary>Reads a <c>text/event-stream</c> response with the BCL parser; each item keeps its SSE id and type.</summary>
internal static class SseReader
{
    public static async IAsyncEnumerable<(string Id, string Type, ExecutionEventInfo Event)> ReadAsync(HttpResponseMessage response, int max, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var parser = SseParser.Create(stream, (type, data) => JsonSerializer.Deserialize<ExecutionEventInfo>(data, ProblemAssert.JsonOptions)!);
        var count = 0;
        await foreach (var item in parser.EnumerateAsync(cancellationToken))
        {
            yield return (parser.LastEventId, item.EventType, item.Data);
            if (++count == max)
            {
                yield break;
            }
        }
    }
}
