using System.Collections.Concurrent;

namespace Marketplace.Api.Tests.Contract;

/// <summary>Checks every response that passes through against the OpenAPI document; the test asserts no failure was recorded.</summary>
internal sealed class ContractCheckingHandler(OpenApiContract contract) : DelegatingHandler
{
    private readonly ConcurrentQueue<string> _failures = new();
    private int _checked;

    public IReadOnlyCollection<string> Failures => _failures;

    public int Checked => _checked;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        // An event stream does not end while its job runs: its status and type are checked here, its events by the test.
        string? body = null;
        if (mediaType != "text/event-stream")
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            body = await response.Content.ReadAsStringAsync(cancellationToken);
        }

        foreach (var failure in contract.Check(request.Method.Method, request.RequestUri!.AbsolutePath, (int)response.StatusCode, mediaType, body))
        {
            _failures.Enqueue(failure);
        }

        Interlocked.Increment(ref _checked);
        return response;
    }
}
