using Microsoft.AspNetCore.HostFiltering;

namespace Marketplace.Api.Hosting;

/// <summary>The conventional ways to choose the port, with a loopback default, and host filtering to match.</summary>
internal static class HostDefaults
{
    /// <summary>
    /// Binds <see cref="HostAddresses.DefaultUrl"/> when configuration names no address, and limits the accepted
    /// <c>Host</c> headers to the loopback names while only loopback is bound (unless <c>AllowedHosts</c> says
    /// otherwise): a page in the user's browser cannot then reach the service through a name it rebinds to 127.0.0.1.
    /// </summary>
    public static WebApplicationBuilder UseMarketplaceHostDefaults(this WebApplicationBuilder builder)
    {
        if (HostAddresses.Configured(builder.Configuration) is null)
        {
            builder.WebHost.UseUrls(HostAddresses.DefaultUrl);
        }

        // Read when the options are first used, so settings added after this call (tests, later sources) count too.
        // ASP.NET Core's own post-configuration fills AllowedHosts from configuration only when it is still empty.
        builder.Services.AddOptions<HostFilteringOptions>().Configure<IConfiguration>((options, configuration) =>
        {
            options.IncludeFailureMessage = false; // an empty 400, as the OpenAPI document says
            var loopback = HostAddresses.AreLoopback(HostAddresses.Configured(configuration) ?? [HostAddresses.DefaultUrl]);
            if (string.IsNullOrWhiteSpace(configuration["AllowedHosts"]) && loopback)
            {
                options.AllowedHosts = [.. HostAddresses.LoopbackHosts.Split(';')];
            }
        });
        return builder;
    }
}
