using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace Marketplace.Api.Hosting;

/// <summary>
/// The web UI: static files from <c>wwwroot</c> (HTML, one stylesheet, ES modules; no build step), served at <c>/</c>
/// before authentication, like <c>/docs</c>: they hold no data, and every data call the page makes goes to
/// <c>/api/v1</c> with the key. Routes are in the URL's fragment (<c>/#/sources</c>), so no server fallback is needed
/// and an unknown path stays a 404 ProblemDetails.
/// </summary>
internal static class WebUi
{
    // Everything the page loads comes from this origin: no CDN, fonts or frames, and only this origin is called.
    private const string ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        + "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    public static WebApplication UseMarketplaceWebUi(this WebApplication app)
    {
        // The content root's wwwroot under `dotnet run`; the copy beside the assembly when the built API runs elsewhere.
        var beside = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        var files = app.Environment.WebRootFileProvider.GetFileInfo("index.html").Exists || !Directory.Exists(beside)
            ? app.Environment.WebRootFileProvider
            : new PhysicalFileProvider(beside);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            ContentTypeProvider = new FileExtensionContentTypeProvider(),
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                // Revalidated on every load (ETag, 304): a new version is seen at once, an unchanged one costs no bytes.
                headers.CacheControl = "no-cache";
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
            },
        });
        return app;
    }
}
