using System.Text.Json;
using System.Text.RegularExpressions;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Marketplace.Api.Problems;

/// <summary>
/// The ProblemDetails of a request the framework could not read or bind (<see cref="BadHttpRequestException"/>), in
/// the API's terms: field paths and wire names, the limit that was hit and its key, never a .NET type.
/// </summary>
internal static partial class RequestProblems
{
    private const string Title = "The request could not be read.";

    public static ProblemDetails For(BadHttpRequestException exception, HttpContext context)
    {
        var api = context.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value;
        if (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Limit("The request body is too large.",
                $"The body is larger than {api.MaxRequestBodyBytes} bytes (Api:MaxRequestBodyBytes).", "Api:MaxRequestBodyBytes");
        }

        if (exception.InnerException is JsonException json)
        {
            if (json.Message.Contains("maximum configured depth", StringComparison.Ordinal))
            {
                return Limit("The JSON body is nested too deeply.",
                    $"The body nests objects and arrays deeper than {api.MaxJsonDepth} levels (Api:MaxJsonDepth).", "Api:MaxJsonDepth");
            }

            var bodyType = ReadFailure().Match(exception.Message) is { Success: true } read
                ? Parameter(read.Groups["name"].Value, context)?.ParameterType
                : null;
            var options = context.RequestServices.GetRequiredService<IOptions<HttpJsonOptions>>().Value.SerializerOptions;
            var (field, message) = BodyErrors.Describe(json, bodyType, options);
            return field is null || message.StartsWith("The JSON body is not valid", StringComparison.Ordinal)
                ? new ProblemDetails { Status = StatusCodes.Status400BadRequest, Title = Title, Detail = message }
                : Invalid($"The JSON body does not match this request at '{field}': {message}", field, message);
        }

        if (BindFailure().Match(exception.Message) is { Success: true } bind)
        {
            var field = WireName(bind.Groups["name"].Value, context);
            var message = $"'{bind.Groups["value"].Value}' is not {Kind(bind.Groups["type"].Value)}.";
            return Invalid($"{field}: {message}", field, message);
        }

        if (MissingParameter().Match(exception.Message) is { Success: true } missing)
        {
            var body = missing.Groups["source"].Value == "body" || exception.Message.StartsWith("Implicit body", StringComparison.Ordinal);
            var field = body ? "body" : WireName(missing.Groups["name"].Value, context);
            var message = body ? "A JSON body is required." : $"{field} is required.";
            return Invalid(message, field, message);
        }

        var unsupported = exception.StatusCode == StatusCodes.Status415UnsupportedMediaType;
        return new ProblemDetails
        {
            Status = exception.StatusCode,
            Title = unsupported ? "The body's media type is not supported." : Title,
            Detail = unsupported ? "Send the body as application/json." : exception.Message,
        };
    }

    private static HttpValidationProblemDetails Invalid(string detail, string field, string message) =>
        new(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = Title,
            Detail = detail,
        };

    private static ProblemDetails Limit(string title, string detail, string key) => new()
    {
        Status = StatusCodes.Status400BadRequest,
        Title = title,
        Detail = detail,
        Extensions = { ["limit"] = key },
    };

    /// <summary>The name a client uses for a handler parameter: the header or query name it is bound from, else camelCase.</summary>
    private static string WireName(string parameter, HttpContext context)
    {
        var info = Parameter(parameter, context);
        var named = info?.GetCustomAttributes(inherit: false).OfType<IFromHeaderMetadata>().FirstOrDefault()?.Name
            ?? info?.GetCustomAttributes(inherit: false).OfType<IFromQueryMetadata>().FirstOrDefault()?.Name;
        return named ?? JsonNamingPolicy.CamelCase.ConvertName(parameter);
    }

    /// <summary>The handler's parameter; the exception handler has cleared the endpoint, its feature still names it.</summary>
    private static System.Reflection.ParameterInfo? Parameter(string name, HttpContext context) =>
        (context.GetEndpoint() ?? context.Features.Get<IExceptionHandlerFeature>()?.Endpoint)?.Metadata
            .GetMetadata<System.Reflection.MethodInfo>()?.GetParameters().FirstOrDefault(p => p.Name == name);

    private static string Kind(string type) => type.Replace("Nullable<", "", StringComparison.Ordinal).TrimEnd('>', '?') switch
    {
        "int" or "long" or "short" or "Int32" or "Int64" => "a whole number",
        "Guid" => "a UUID",
        "bool" or "Boolean" => "true or false",
        "double" or "decimal" or "float" => "a number",
        _ => "a valid value",
    };

    [GeneratedRegex("^Failed to read parameter \"(?<type>.+) (?<name>[^ \"]+)\" from the request body")]
    private static partial Regex ReadFailure();

    [GeneratedRegex("^Failed to bind parameter \"(?<type>.+) (?<name>[^ \"]+)\" from \"(?<value>.*)\"\\.$", RegexOptions.Singleline)]
    private static partial Regex BindFailure();

    [GeneratedRegex(
        "(Required|Implicit body inferred for) parameter \"(?:(?<type>[^\"]+) )?(?<name>[^ \"]+)\""
        + " (was not provided from (?<source>[a-z ]+))?")]
    private static partial Regex MissingParameter();
}
