using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Marketplace.Api.Tests;

/// <summary>
/// A bare repository served over git's "dumb" HTTP protocol (static files after <c>git update-server-info</c>) on loopback,
/// answering 401 to any request without the expected <c>Authorization</c> header, and keeping every header it was sent.
/// Dumb HTTP cannot serve a shallow fetch, so a fetch through it also takes the service's full-fetch fallback.
/// </summary>
internal sealed class DumbGitServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly string _bare;
    private readonly string? _expected;
    private readonly Task _loop;

    public DumbGitServer(string bareRepository, string? expectedAuthorization)
    {
        (_bare, _expected) = (bareRepository, expectedAuthorization);
        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}/repo";

    public ConcurrentBag<string> Authorizations { get; } = [];

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var response = context.Response;
            var authorization = context.Request.Headers["Authorization"];
            Authorizations.Add(authorization ?? "");
            if (authorization != _expected)
            {
                response.StatusCode = 401;
                response.AddHeader("WWW-Authenticate", "Basic realm=\"tests\"");
                continue;
            }

            var relative = context.Request.Url!.AbsolutePath.TrimStart('/');
            relative = relative.StartsWith("repo.git/", StringComparison.Ordinal) ? relative[9..] : relative.StartsWith("repo/", StringComparison.Ordinal) ? relative[5..] : "";
            var file = Path.GetFullPath(Path.Combine(_bare, relative));
            if (relative.Length == 0 || !file.StartsWith(_bare, StringComparison.Ordinal) || !File.Exists(file))
            {
                response.StatusCode = 404;
                continue;
            }

            var bytes = await File.ReadAllBytesAsync(file);
            response.ContentType = "application/octet-stream";
            await response.OutputStream.WriteAsync(bytes);
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop.WaitAsync(TimeSpan.FromSeconds(5));
    }
}
