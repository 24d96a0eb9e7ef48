using System.Globalization;
using System.Text;

namespace Marketplace.Catalog.Sources;

/// <summary>
/// The characters no name, key, path or stored text from outside may hold: controls (C0, DEL, C1), format characters
/// (bidirectional overrides and isolates, zero-width marks, BOM), line and paragraph separators, lone surrogates.
/// Text keeps tabs and line breaks; names keep nothing of these.
/// </summary>
internal static class SafeText
{
    /// <summary>True when the character at <paramref name="i"/> is one of the unsafe ones (line breaks and tabs count).</summary>
    public static bool IsUnsafeAt(string text, int i)
    {
        var c = text[i];
        if (char.IsHighSurrogate(c))
        {
            return i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]);
        }

        if (char.IsLowSurrogate(c))
        {
            return i == 0 || !char.IsHighSurrogate(text[i - 1]);
        }

        return char.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format
            or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
    }

    public static bool HasUnsafe(string text, bool allowLineBreaks = false)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (IsUnsafeAt(text, i) && !(allowLineBreaks && text[i] is '\t' or '\n' or '\r'))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The text without its unsafe characters; tabs and line breaks stay.</summary>
    public static string Clean(string text)
    {
        if (!HasUnsafe(text, allowLineBreaks: true))
        {
            return text;
        }

        var clean = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (!IsUnsafeAt(text, i) || text[i] is '\t' or '\n' or '\r')
            {
                clean.Append(text[i]);
            }
        }

        return clean.ToString();
    }

    /// <summary>The text with each unsafe character (and U+FFFD) written as <c>\uXXXX</c>, to name it in a message.</summary>
    public static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (IsUnsafeAt(text, i) || text[i] == '\uFFFD')
            {
                escaped.Append(CultureInfo.InvariantCulture, $"\\u{(int)text[i]:X4}");
            }
            else
            {
                escaped.Append(text[i]);
            }
        }

        return escaped.ToString();
    }
}
