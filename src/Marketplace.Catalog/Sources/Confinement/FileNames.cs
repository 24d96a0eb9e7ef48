using System.Buffers;
using System.Globalization;
using System.Text;

namespace Marketplace.Catalog.Sources.Confinement;

/// <summary>
/// Which file and folder names a source may use: valid UTF-8 without control, format or bidirectional characters.
/// A refused name is shown escaped (<c>\u001B</c>, and <c>\xFF</c> for a byte that is not UTF-8) so messages name it.
/// </summary>
internal static class FileNames
{
    public const string NotUtf8 = "has a name that is not valid UTF-8";
    public const string UnsafeCharacters = "has a name with control, format or bidirectional characters";

    public static string? Problem(string name) =>
        name.Contains('\uFFFD', StringComparison.Ordinal) ? NotUtf8 : SafeText.HasUnsafe(name) ? UnsafeCharacters : null;

    public static string Display(string name) => SafeText.Escape(name);

    /// <summary>A name read as bytes: the name itself when usable, else its escaped form with the reason in <paramref
    /// name="problem"/>.</summary>
    public static string Decode(byte[] raw, out string? problem)
    {
        var plain = new StringBuilder(raw.Length);
        var escaped = new StringBuilder(raw.Length);
        var valid = true;
        var rest = raw.AsSpan();
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf8(rest, out var rune, out var consumed) == OperationStatus.Done)
            {
                plain.Append(rune.ToString());
                escaped.Append(Display(rune.ToString()));
            }
            else
            {
                valid = false;
                foreach (var b in rest[..consumed])
                {
                    escaped.Append(CultureInfo.InvariantCulture, $"\\x{b:X2}");
                }
            }

            rest = rest[consumed..];
        }

        var name = plain.ToString();
        problem = valid ? Problem(name) : NotUtf8;
        return problem is null ? name : escaped.ToString();
    }
}
