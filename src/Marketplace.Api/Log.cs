namespace Marketplace.Api;

/// <summary>Log messages of the API host; event ids 3000–3999.</summary>
internal static partial class Log
{
    [LoggerMessage(3001, LogLevel.Error, "{Method} {Path} failed")]
    public static partial void RequestFailed(ILogger logger, string method, string path, Exception exception);
}
