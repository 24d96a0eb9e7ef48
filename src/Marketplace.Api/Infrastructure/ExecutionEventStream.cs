using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Marketplace.Workflows.Management;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Marketplace.Api.Infrastructure;

/// <summary>
/// Writes an execution's events as <c>text/event-stream</c> (<c>id</c> = sequence, <c>event</c> = type, <c>data</c> =
/// the event as JSON). New events are picked up at once when made in this process and by polling otherwise; an idle
/// stream sends a comment now and then so proxies keep it open.
/// </summary>
internal sealed class ExecutionEventStream(Guid executionId, int after, ExecutionService executions) : IResult
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var json = httpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var response = httpContext.Response;
        var cancellationToken = httpContext.RequestAborted;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        await response.Body.FlushAsync(cancellationToken);
        var last = after;
        var idleSince = Stopwatch.GetTimestamp();
        try
        {
            while (true)
            {
                using var change = executions.NextEvents(executionId); // disposed each round: a closed stream leaves no waiter behind
                // Read before the events: the terminal event commits with the final status, so when the status
                // says finished, the read below is sure to include it.
                var finished = await executions.IsFinishedAsync(executionId, cancellationToken);
                var events = await executions.EventsAsync(executionId, last, 200, cancellationToken);
                foreach (var e in events)
                {
                    await response.WriteAsync($"id: {e.Sequence}\nevent: {e.Type}\ndata: {JsonSerializer.Serialize(e, json)}\n\n", Encoding.UTF8, cancellationToken);
                    last = e.Sequence;
                    if (Workflows.Engine.ExecutionEvents.IsTerminal(e.Type))
                    {
                        await response.Body.FlushAsync(cancellationToken);
                        return;
                    }
                }

                if (events.Count > 0)
                {
                    await response.Body.FlushAsync(cancellationToken);
                    idleSince = Stopwatch.GetTimestamp();
                    continue;
                }

                if (finished)
                {
                    return; // the terminal event was sent before this stream's Last-Event-ID
                }

                if (Stopwatch.GetElapsedTime(idleSince) > KeepAlive)
                {
                    await response.WriteAsync(": keep-alive\n\n", cancellationToken);
                    await response.Body.FlushAsync(cancellationToken);
                    idleSince = Stopwatch.GetTimestamp();
                }

                await Task.WhenAny(change.Task, Task.Delay(Poll, cancellationToken));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // the client went away
        }
    }
}
