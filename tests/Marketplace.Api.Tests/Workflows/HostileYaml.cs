using System.Globalization;
using System.Text;

namespace Marketplace.Api.Tests.Workflows;

/// <summary>
/// Generated hostile workflow definitions from a seeded <see cref="Random"/>: deep and wide structures in flow and block
/// style, anchors and aliases (some naming themselves), expressions nested and chained past any limit, huge numbers and
/// durations, unicode, control characters and lone surrogates, and random mutations of a valid document.
/// </summary>
internal sealed class HostileYaml(Random random)
{
    private int _budget; // values one generated structure may still have, so random nesting cannot explode
    private static readonly string[] Scalars =
    [
        "1e99999", "-1e400", "NaN", ".inf", "999999999d", "999999999.999h", "0x7fffffff", "~", "null", "true", "'", "\"",
        "${{", "}}", "${{ parameters.p }}", "*nope", "&a", "!!binary AAAA", "!custom x", "? k", "<<: *a", "- - -", "{", "[",
        "\u0000", "\u001b[31m", "\u202e\u202d", "\uFEFF", "\uD800", "\uDFFF", "\u0085", "\u2028", "\t\t", "🙂🙂", "ｙａｍｌ",
    ];

    public string Next() => random.Next(6) switch
    {
        0 => Deep(),
        1 => Workflow(Value(random.Next(1, 80), _budget = 3000)),
        2 => Workflow("\"${{ " + Expression(random.Next(1, 400)) + " }}\""),
        3 => Aliases(),
        4 => Workflow(Numbers()),
        _ => Mutated(),
    };

    /// <summary>A valid one-stage document whose stage has the input <c>x</c>, and a duration that may be hostile too.</summary>
    public string Workflow(string x) =>
        $"workflow: {{ id: fuzz, name: 'fuzz {random.Next()}', version: 1 }}\nconfig:\n  parameters:\n    p: {{ type: string }}\nstages:\n" +
        $"  - {{ id: a, type: delay, inputs: {{ duration: {Duration()}, x: {x} }}, error_policy: {{ timeout: {Duration()} }} }}\n";

    private string Deep()
    {
        var depth = random.Next(50, 30_000);
        return random.Next(3) switch
        {
            0 => "a: " + new string('[', depth) + new string(']', random.Next(depth + 1)),
            1 => "a:\n" + string.Concat(Enumerable.Range(0, depth).Select(i => new string(' ', Math.Min(i, 200)) + "- \n")) + "x",
            _ => "a: " + string.Concat(Enumerable.Repeat("{a: ", depth)) + "1" + new string('}', depth),
        };
    }

    private string Value(int depth, int budget = 0)
    {
        if (depth <= 0 || random.Next(4) == 0 || --_budget <= 0)
        {
            return Scalar();
        }

        var items = Enumerable.Range(0, random.Next(0, 4)).Select(i => Value(depth - 1)).ToList();
        return random.Next(2) == 0
            ? "[" + string.Join(", ", items) + "]"
            : "{" + string.Join(", ", items.Select((v, i) => $"k{i}: {v}")) + "}";
    }

    private string Scalar() => random.Next(4) switch
    {
        0 => Scalars[random.Next(Scalars.Length)],
        1 => "'" + Unicode(random.Next(0, 50)).Replace("'", "''", StringComparison.Ordinal) + "'",
        2 => new string((char)random.Next('0', '9' + 1), random.Next(1, 500)),
        _ => "\"" + Unicode(random.Next(0, 20)).Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"",
    };

    private string Expression(int depth) => depth <= 0 ? Operand() : random.Next(7) switch
    {
        0 => "!" + Expression(depth - 1),
        1 => "(" + Expression(depth - 1) + ")",
        2 => Expression(depth / 2) + " && " + Expression(depth / 2),
        3 => Expression(depth - 1) + " || " + Operand(),
        4 => Operand() + " == " + Operand(),
        5 => string.Concat(Enumerable.Repeat(random.Next(2) == 0 ? "!" : "(", random.Next(1, 100_000))) + Operand(),
        _ => Operand() + string.Concat(Enumerable.Repeat(" && " + Operand(), random.Next(1, 20_000))),
    };

    private string Operand() => random.Next(6) switch
    {
        0 => "parameters.p",
        1 => "stages.a.status",
        2 => "'" + Unicode(random.Next(0, 10)).Replace("'", "", StringComparison.Ordinal) + "'",
        3 => new string('9', random.Next(1, 800)),
        4 => "env.HOME",
        _ => Scalars[random.Next(Scalars.Length)],
    };

    private string Aliases()
    {
        var yaml = new StringBuilder("workflow: { id: w, name: n, version: 1 }\nx:\n");
        var anchors = random.Next(1, 12);
        for (var i = 0; i < anchors; i++)
        {
            var refs = i == 0 ? "0" : string.Join(", ", Enumerable.Repeat($"*a{random.Next(i + (random.Next(5) == 0 ? 1 : 0))}", random.Next(1, 12)));
            yaml.Append(CultureInfo.InvariantCulture, $"  a{i}: &a{i} [{refs}]\n");
        }

        return yaml.Append("stages: [ { id: s, type: delay, inputs: { duration: 1ms, x: *a").Append(anchors - 1).Append(" } } ]\n").ToString();
    }

    private string Numbers() => random.Next(4) switch
    {
        0 => "1" + new string('0', random.Next(20, 5000)),
        1 => "-" + new string('9', random.Next(20, 400)) + ".5e" + random.Next(300, 100_000),
        2 => "0." + new string('0', random.Next(300, 2000)) + "1",
        _ => random.Next(2) == 0 ? "1e309" : "-1e-400",
    };

    private string Duration() => random.Next(5) switch
    {
        0 => "999999999d",
        1 => $"{random.Next()}{new[] { "ms", "s", "m", "h", "d" }[random.Next(5)]}",
        2 => "31d",
        3 => "1.5s",
        _ => "10ms",
    };

    private string Mutated()
    {
        var text = new StringBuilder(Workflow("{ a: [1, 2, { b: '${{ parameters.p }}' }] }"));
        for (var i = random.Next(1, 20); i > 0; i--)
        {
            var at = random.Next(text.Length);
            switch (random.Next(3))
            {
                case 0:
                    text.Insert(at, Scalars[random.Next(Scalars.Length)]);
                    break;
                case 1:
                    text.Remove(at, Math.Min(random.Next(1, 10), text.Length - at));
                    break;
                default:
                    text[at] = (char)random.Next(0, 0x3000);
                    break;
            }
        }

        return text.ToString();
    }

    private string Unicode(int length)
    {
        var text = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            text.Append(random.Next(5) switch
            {
                0 => (char)random.Next(0, 0x20),
                1 => (char)random.Next(0xD800, 0xE000), // lone surrogate halves
                2 => (char)random.Next(0x202A, 0x202F), // bidirectional overrides
                _ => (char)random.Next(0x20, 0x2FFF),
            });
        }

        return text.ToString();
    }
}
