using System.Diagnostics;
using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Marketplace.Api.Problems;
using Marketplace.Data;
using Marketplace.Data.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Marketplace.Api.Streaming;

/// <summary>
/// A job's events as standard server-sent events (<see cref="TypedResults.ServerSentEvents{T}(IAsyncEnumerable{SseItem{T}})"/>):
/// <c>id</c> = the event's id, <c>event</c> = its type, <c>data</c> = the event as JSON. The stream ends after the
/// terminal event; <c>Last-Event-ID</c> resumes after the id it names. A stream with nothing left to send (the job has
/// ended and its terminal event was already read) is 204 No Content, which tells an EventSource to stop reconnecting.
/// An idle stream sends a comment line every <see cref="KeepAlive"/> so proxies keep it open.
/// </summary>
internal static class EventStream
{
    public const string LastEventIdHeader = "Last-Event-ID";
    private const int BatchSize = 200;
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);
    private static readonly ReadOnlyMemory<byte> KeepAliveComment = ": keep-alive\n\n"u8.ToArray();

    /// <summary>The stream, 204 when nothing is left to send, or 404 when the feed's job does not exist.</summary>
    public static async Task<Results<ServerSentEventsResult<TEvent>, NoContent, NotFoundProblem>> OpenAsync<TEvent>(
        IEventFeed<TEvent> feed, long? lastEventId, HttpResponse response, CancellationToken cancellationToken)
    {
        if (lastEventId < 0)
        {
            throw new RequestValidationException(
                LastEventIdHeader, "Last-Event-ID must be the id (a whole number) of an event this stream sent.");
        }

        var after = lastEventId ?? 0;
        var change = feed.NextChange();
        // Read before the events: the terminal event commits with the final status, so when the status says
        // finished, the read below is sure to include it.
        bool finished;
        IReadOnlyList<TEvent> first;
        try
        {
            finished = await feed.IsFinishedAsync(cancellationToken);
            first = await feed.ReadAsync(after, BatchSize, cancellationToken);
        }
        catch (NotFoundException e)
        {
            change.Dispose();
            return new NotFoundProblem(DomainProblems.For(e)!);
        }
        catch
        {
            change.Dispose();
            throw;
        }

        if (finished && first.Count == 0)
        {
            change.Dispose();
            return TypedResults.NoContent();
        }

        return TypedResults.ServerSentEvents(ItemsAsync(feed, after, first, change, response.Body, cancellationToken));
    }

    private static async IAsyncEnumerable<SseItem<TEvent>> ItemsAsync<TEvent>(
        IEventFeed<TEvent> feed,
        long after,
        IReadOnlyList<TEvent> batch,
        SignalWait change,
        Stream body,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var last = after;
        var idleSince = Stopwatch.GetTimestamp();
        try
        {
            while (true)
            {
                foreach (var item in batch)
                {
                    last = feed.IdOf(item);
                    yield return new SseItem<TEvent>(item, feed.TypeOf(item)) { EventId = last.ToString(CultureInfo.InvariantCulture) };
                    if (feed.IsTerminal(item))
                    {
                        yield break;
                    }
                }

                if (batch.Count > 0)
                {
                    idleSince = Stopwatch.GetTimestamp();
                }
                else
                {
                    if (Stopwatch.GetElapsedTime(idleSince) > KeepAlive)
                    {
                        // A comment line: EventSource ignores it. Written between items, when the formatter is not writing.
                        await body.WriteAsync(KeepAliveComment, cancellationToken);
                        await body.FlushAsync(cancellationToken);
                        idleSince = Stopwatch.GetTimestamp();
                    }

                    await Task.WhenAny(change.Task, Task.Delay(Poll, cancellationToken));
                    cancellationToken.ThrowIfCancellationRequested();
                }

                change.Dispose();
                change = feed.NextChange();
                var finished = await feed.IsFinishedAsync(cancellationToken);
                batch = await feed.ReadAsync(last, BatchSize, cancellationToken);
                if (finished && batch.Count == 0)
                {
                    yield break; // ended with a terminal event at or before Last-Event-ID
                }
            }
        }
        finally
        {
            change.Dispose(); // a closed stream leaves no waiter in JobSignals
        }
    }
}
