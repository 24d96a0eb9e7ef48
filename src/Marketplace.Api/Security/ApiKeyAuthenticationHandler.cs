using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Marketplace.Api.Security;

/// <summary>
/// <c>Authorization: Bearer &lt;key&gt;</c> against <c>Api:Keys</c>. With no key configured every caller is let in
/// (the service binds to loopback by default); with keys, a missing or wrong key is a 401 ProblemDetails.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<ApiOptions> apiOptions,
    IProblemDetailsService problemDetails) : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    private const string Bearer = "Bearer ";

    private readonly byte[][] _keys = [.. apiOptions.Value.Keys.Where(k => !string.IsNullOrEmpty(k)).Select(Encoding.UTF8.GetBytes)];

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (_keys.Length == 0)
        {
            return Task.FromResult(Success("open"));
        }

        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var presented = Encoding.UTF8.GetBytes(header[Bearer.Length..].Trim());
        var match = false;
        foreach (var key in _keys)
        {
            // Compare against every key in constant time, so timing tells nothing about which key nearly matched.
            match |= CryptographicOperations.FixedTimeEquals(presented, key);
        }

        return Task.FromResult(match ? Success("key") : AuthenticateResult.Fail("The API key is not one of Api:Keys."));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await problemDetails.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "An API key is required.",
                Detail = "Send 'Authorization: Bearer <key>' with one of the keys configured in Api:Keys.",
            },
        });
    }

    private static AuthenticateResult Success(string kind)
    {
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.AuthenticationMethod, kind)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}
