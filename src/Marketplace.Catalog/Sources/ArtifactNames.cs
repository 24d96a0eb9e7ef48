using System.Text;

namespace Marketplace.Catalog.Sources;

/// <summary>
/// Names that become artifact keys (<c>type:name</c>). A name from a request is checked and refused with a reason;
/// a name found in a source is mapped to a safe slug instead (the source is not the caller's to fix): a usable name
/// is kept as it is, otherwise unsafe characters (controls, bidirectional overrides, zero-width marks) are dropped,
/// <c>/</c>, <c>\</c> and <c>:</c> become <c>-</c>, and what is left is trimmed and cut to the key's length.
/// </summary>
public static class ArtifactNames
{
    /// <summary>The artifacts table's limit (<c>ck_artifacts_name</c>).</summary>
    public const int MaxLength = 200;

    /// <summary>Why <paramref name="name"/> cannot be a key name, or null when it can.</summary>
    public static string? Problem(string? name) => name switch
    {
        null or "" => "is required",
        { Length: > MaxLength } => $"has more than {MaxLength} characters",
        _ when SafeText.HasUnsafe(name) => "holds control, format or bidirectional characters",
        _ when name.IndexOfAny(['/', '\\', ':']) >= 0 => "holds '/', '\\' or ':'",
        _ when name.Trim() != name || name.Trim('.').Length == 0 => "starts or ends with spaces, or is only dots",
        _ => null,
    };

    /// <summary>
    /// <paramref name="name"/> when it is usable; else its slug; else the slug of <paramref name="fallback"/>
    /// (a folder or file name); else <c>unnamed</c>.
    /// </summary>
    public static string Slug(string? name, string? fallback = null)
    {
        if (Problem(name) is null)
        {
            return name!;
        }

        var slug = Map(name ?? "");
        return slug.Length > 0 ? slug : fallback is null ? "unnamed" : Slug(fallback);
    }

    private static string Map(string name)
    {
        var text = new StringBuilder(name.Length);
        for (var i = 0; i < name.Length; i++)
        {
            if (!SafeText.IsUnsafeAt(name, i))
            {
                text.Append(name[i] is '/' or '\\' or ':' ? '-' : name[i]);
            }
        }

        var slug = text.ToString().Trim().Trim('.', '-').Trim();
        while (slug.Contains("--", StringComparison.Ordinal))
        {
            slug = slug.Replace("--", "-", StringComparison.Ordinal);
        }

        if (slug.Length > MaxLength)
        {
            // Never cut between the halves of a surrogate pair.
            slug = slug[..(char.IsLowSurrogate(slug[MaxLength]) ? MaxLength - 1 : MaxLength)].TrimEnd();
        }

        return slug;
    }
}
