namespace Marketplace.Api.Hosting;

/// <summary>
/// Where the service listens: the conventional settings (<c>ASPNETCORE_URLS</c>, <c>ASPNETCORE_HTTP_PORTS</c>,
/// <c>ASPNETCORE_HTTPS_PORTS</c>, <c>--urls</c>, <c>Kestrel:Endpoints</c>) decide; with none of them the service binds
/// <see cref="DefaultUrl"/>, loopback only. A default in code rather than an <c>Urls</c> value in appsettings.json,
/// because configuration files win over the environment and a second instance could then never move.
/// </summary>
internal static class HostAddresses
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>Host names a browser uses for this machine; the default <c>AllowedHosts</c> while only loopback is bound.</summary>
    public const string LoopbackHosts = "localhost;*.localhost;127.0.0.1;[::1]";

    /// <summary>The addresses configuration asks for, or null when it names none (then <see cref="DefaultUrl"/> applies).</summary>
    public static IReadOnlyList<string>? Configured(IConfiguration configuration)
    {
        var urls = Split(configuration[WebHostDefaults.ServerUrlsKey]);
        var ports = Split(configuration[WebHostDefaults.HttpPortsKey]).Select(p => $"http://*:{p}")
            .Concat(Split(configuration[WebHostDefaults.HttpsPortsKey]).Select(p => $"https://*:{p}"));
        var endpoints = configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"] ?? "http://*");
        // Kestrel's precedence: endpoints from its own section, then urls, then the port variables.
        string[] configured = [.. endpoints];
        configured = configured.Length > 0 ? configured : urls.Length > 0 ? urls : [.. ports];
        return configured.Length > 0 ? configured : null;
    }

    /// <summary>
    /// Whether every address is a loopback one (<c>localhost</c>, <c>127.x</c>, <c>[::1]</c>); <c>*</c>, <c>+</c> or
    /// <c>0.0.0.0</c> are not.
    /// </summary>
    public static bool AreLoopback(IEnumerable<string> urls) => urls.All(IsLoopback);

    private static bool IsLoopback(string url)
    {
        var host = BindingAddress.Parse(url).Host;
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (System.Net.IPAddress.TryParse(host.Trim('[', ']'), out var ip) && System.Net.IPAddress.IsLoopback(ip));
    }

    private static string[] Split(string? value) =>
        value?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
}
