using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Marketplace.Api.Infrastructure;

/// <summary>With <c>Api:Keys</c> set, every request but health must carry <c>Authorization: Bearer &lt;key&gt;</c>.</summary>
internal sealed class ApiKeyMiddleware(RequestDelegate next, IOptions<ApiOptions> options, IProblemDetailsService problemDetails)
{
    private readonly byte[][] _keys = [.. options.Value.Keys.Where(k => !string.IsNullOrEmpty(k)).Select(Encoding.UTF8.GetBytes)];

    public async Task InvokeAsync(HttpContext context)
    {
        if (_keys.Length == 0 || context.Request.Path.StartsWithSegments("/health") || IsAuthorized(context.Request))
        {
            await next(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Bearer";
        await problemDetails.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "An API key is required.",
                Detail = "Send 'Authorization: Bearer <key>' with one of the keys configured in Api:Keys.",
            },
        });
    }

    private bool IsAuthorized(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var presented = Encoding.UTF8.GetBytes(header[scheme.Length..].Trim());
        var match = false;
        foreach (var key in _keys)
        {
            // Compare against every key in constant time, so timing tells nothing about which key nearly matched.
            match |= CryptographicOperations.FixedTimeEquals(presented, key);
        }

        return match;
    }
}
