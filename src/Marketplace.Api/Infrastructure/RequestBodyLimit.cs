using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Marketplace.Api.Infrastructure;

/// <summary>
/// Caps every request body at <c>Api:MaxRequestBodyBytes</c>: a declared length over it is refused before reading,
/// and a body that grows past it fails the read (Kestrel's own limit, or a counting stream where the server has none).
/// Either way the exception handler answers 400 naming the key.
/// </summary>
internal sealed class RequestBodyLimit(RequestDelegate next, IOptions<ApiOptions> options)
{
    private readonly long _limit = options.Value.MaxRequestBodyBytes;

    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentLength > _limit)
        {
            throw TooLarge();
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = _limit;
        }
        else if (context.Request.ContentLength is null)
        {
            context.Request.Body = new LimitedReadStream(context.Request.Body, _limit);
        }

        return next(context);
    }

    internal static BadHttpRequestException TooLarge() => new("The request body is too large.", StatusCodes.Status413PayloadTooLarge);
}
