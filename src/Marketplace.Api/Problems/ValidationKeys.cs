using System.Text.Json;

namespace Marketplace.Api.Problems;

/// <summary>
/// Validation errors keyed by the names a client sends (<c>skip</c>, <c>entries[0].name</c>): the framework's
/// validation names members as .NET does (<c>Skip</c>); every problem body passes through here on its way out.
/// </summary>
internal static class ValidationKeys
{
    public static void CamelCase(ProblemDetailsContext context)
    {
        if (context.ProblemDetails is HttpValidationProblemDetails { Errors.Count: > 0 } problem
            && problem.Errors.Keys.Any(k => k.Length > 0 && char.IsUpper(k[0])))
        {
            var errors = problem.Errors.ToDictionary(e => Convert(e.Key), e => e.Value, StringComparer.Ordinal);
            problem.Errors.Clear();
            foreach (var (key, value) in errors)
            {
                problem.Errors[key] = value;
            }
        }
    }

    /// <summary>Member paths only (<c>Entries[0].Name</c>); a header name such as <c>Last-Event-ID</c> stays as sent.</summary>
    private static string Convert(string key) => key.Contains('-', StringComparison.Ordinal)
        ? key
        : string.Join('.', key.Split('.').Select(JsonNamingPolicy.CamelCase.ConvertName));
}
