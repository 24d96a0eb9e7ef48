using System.Text.Json;
using System.Text.RegularExpressions;
using Marketplace.Data.Model;

namespace Marketplace.Api.Problems;

/// <summary>
/// Says what is wrong with a JSON body in the API's own terms: the field's path as the client wrote it and what it
/// expects there (a whole number, one of the enum's wire names, …), never a .NET type name.
/// </summary>
internal static partial class BodyErrors
{
    /// <summary>The field (e.g. <c>entries[0].artifactType</c>) and what is wrong with it; the field is null for a syntax error.</summary>
    public static (string? Field, string Message) Describe(JsonException exception, Type? bodyType, JsonSerializerOptions options)
    {
        var path = exception.Path is { Length: > 1 } p ? p.TrimStart('$').TrimStart('.') : null;
        if (UnmappedMember().Match(exception.Message) is { Success: true } unmapped)
        {
            return (path ?? unmapped.Groups[1].Value, $"'{unmapped.Groups[1].Value}' is not a field of this request.");
        }

        if (exception.Message.StartsWith("The JSON value could not be converted to", StringComparison.Ordinal))
        {
            var expected = bodyType is null ? null : Expected(Resolve(bodyType, path, options));
            return (path ?? "body", expected is null ? "The value has the wrong type." : $"Expected {expected}.");
        }

        // A syntax error: the reader's own message names no type, only what it met and where.
        return (path, "The JSON body is not valid: " + PositionSuffix().Replace(exception.Message, "") + Where(exception));
    }

    private static string Where(JsonException e) =>
        e.LineNumber is { } line ? $" (line {line + 1}, byte {e.BytePositionInLine + 1})" : "";

    /// <summary>The contract's type at <paramref name="path"/> (<c>entries[0].artifactType</c>), walking JSON property names.</summary>
    private static Type? Resolve(Type type, string? path, JsonSerializerOptions options)
    {
        if (path is null)
        {
            return type;
        }

        Type? current = type;
        foreach (Match segment in PathSegment().Matches(path))
        {
            current = current is null ? null : Nullable.GetUnderlyingType(current) ?? current;
            if (current is null)
            {
                return null;
            }

            var info = options.GetTypeInfo(current);
            var name = segment.Groups["name"].Success ? segment.Groups["name"].Value : segment.Groups["quoted"].Value;
            current = segment.Groups["index"].Success
                ? info.ElementType
                : info.Properties.FirstOrDefault(x => x.Name == name)?.PropertyType;
        }

        return current;
    }

    private static string? Expected(Type? type)
    {
        if (type is null)
        {
            return null;
        }

        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsEnum)
        {
            return "one of: " + typeof(WireName).GetMethod(nameof(WireName.List))!.MakeGenericMethod(type).Invoke(null, null);
        }

        return Type.GetTypeCode(type) switch
        {
            TypeCode.String => "a string",
            TypeCode.Boolean => "true or false",
            TypeCode.Byte or TypeCode.Int16 or TypeCode.Int32 or TypeCode.Int64
                or TypeCode.UInt16 or TypeCode.UInt32 or TypeCode.UInt64 => "a whole number",
            TypeCode.Single or TypeCode.Double or TypeCode.Decimal => "a number",
            TypeCode.DateTime => "a date and time (RFC 3339)",
            _ when type == typeof(Guid) => "a UUID",
            _ when type == typeof(DateTimeOffset) => "a date and time (RFC 3339)",
            _ when type == typeof(System.Text.Json.Nodes.JsonObject) => "an object",
            _ when type.GetInterface("IEnumerable") is not null && type.GetInterface("IDictionary") is null => "an array",
            _ => "an object",
        };
    }

    [GeneratedRegex(@"The JSON property '([^']*)' could not be mapped")]
    private static partial Regex UnmappedMember();

    [GeneratedRegex(@"\s*Path: .*$", RegexOptions.Singleline)]
    private static partial Regex PositionSuffix();

    [GeneratedRegex(@"\.?(?<name>[^.\[\]]+)|\[(?<index>\d+)\]|\['(?<quoted>[^']*)'\]")]
    private static partial Regex PathSegment();
}
