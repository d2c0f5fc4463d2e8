using System.Globalization;
using System.Text;

namespace MetricsOperator.SimulatedCluster.CustomResources.Cel;

/// <summary>
/// A recursive-descent parser for the CEL subset: literals, <c>self</c>/<c>oldSelf</c>, field selection, indexing,
/// <c>! - * / % + - &lt; &lt;= &gt; &gt;= == != in &amp;&amp; || ?:</c>, lists and calls. Anything else is a
/// compilation error, reported when the CRD is applied.
/// </summary>
internal sealed class CelParser
{
    private static readonly string[] Symbols = ["&&", "||", "==", "!=", "<=", ">=", "<", ">", "!", "+", "-", "*", "/", "%", "(", ")", "[", "]", ",", ".", "?", ":"];
    private readonly List<string> _tokens;
    private int _at;

    private CelParser(List<string> tokens) => _tokens = tokens;

    public static CelNode Parse(string expression)
    {
        var parser = new CelParser(Tokenize(expression));
        var node = parser.Conditional();
        if (parser._at != parser._tokens.Count)
        {
            throw new FormatException($"Syntax error: unexpected '{parser._tokens[parser._at]}'");
        }

        return node;
    }

    private string? Peek => _at < _tokens.Count ? _tokens[_at] : null;

    private CelNode Conditional()
    {
        var condition = Binary(0);
        if (Peek != "?")
        {
            return condition;
        }

        _at++;
        var then = Conditional();
        Expect(":");
        return new CelConditional(condition, then, Conditional());
    }

    private static readonly string[][] Precedence = [["||"], ["&&"], ["==", "!=", "<", "<=", ">", ">=", "in"], ["+", "-"], ["*", "/", "%"]];

    private CelNode Binary(int level)
    {
        if (level == Precedence.Length)
        {
            return Unary();
        }

        var left = Binary(level + 1);
        while (Peek is { } op && Precedence[level].Contains(op))
        {
            _at++;
            left = new CelBinary(op, left, Binary(level + 1));
        }

        return left;
    }

    private CelNode Unary()
    {
        if (Peek is "!" or "-")
        {
            var op = _tokens[_at++];
            return new CelUnary(op, Unary());
        }

        return Postfix(Primary());
    }

    private CelNode Postfix(CelNode node)
    {
        while (true)
        {
            if (Peek == ".")
            {
                _at++;
                var name = Identifier();
                node = Peek == "(" ? new CelCall(node, name, Arguments()) : new CelSelect(node, name);
            }
            else if (Peek == "[")
            {
                _at++;
                var index = Conditional();
                Expect("]");
                node = new CelIndex(node, index);
            }
            else
            {
                return node;
            }
        }
    }

    private CelNode Primary()
    {
        var token = Peek ?? throw new FormatException("Syntax error: unexpected end of expression");
        if (token == "(")
        {
            _at++;
            var inner = Conditional();
            Expect(")");
            return inner;
        }

        if (token == "[")
        {
            _at++;
            var items = new List<CelNode>();
            while (Peek != "]")
            {
                items.Add(Conditional());
                if (Peek == ",")
                {
                    _at++;
                }
            }

            Expect("]");
            return new CelList(items);
        }

        _at++;
        if (token.StartsWith('\u0001'))
        {
            return new CelLiteral(token[1..]);
        }

        if (char.IsAsciiDigit(token[0]))
        {
            return token.Contains('.', StringComparison.Ordinal)
                ? new CelLiteral(double.Parse(token, CultureInfo.InvariantCulture))
                : new CelLiteral(long.Parse(token.TrimEnd('u'), CultureInfo.InvariantCulture));
        }

        return token switch
        {
            "true" => new CelLiteral(true),
            "false" => new CelLiteral(false),
            "null" => new CelLiteral(null),
            _ when Peek == "(" => new CelCall(null, token, Arguments()),
            _ when char.IsAsciiLetter(token[0]) || token[0] == '_' => new CelIdentifier(token),
            _ => throw new FormatException($"Syntax error: unexpected '{token}'"),
        };
    }

    private List<CelNode> Arguments()
    {
        Expect("(");
        var arguments = new List<CelNode>();
        while (Peek != ")")
        {
            arguments.Add(Conditional());
            if (Peek == ",")
            {
                _at++;
            }
            else if (Peek != ")")
            {
                throw new FormatException($"Syntax error: expected ',' or ')' but found '{Peek}'");
            }
        }

        _at++;
        return arguments;
    }

    private string Identifier()
    {
        var token = Peek ?? throw new FormatException("Syntax error: expected an identifier");
        if (!(char.IsAsciiLetter(token[0]) || token[0] == '_'))
        {
            throw new FormatException($"Syntax error: expected an identifier but found '{token}'");
        }

        _at++;
        return token;
    }

    private void Expect(string token)
    {
        if (Peek != token)
        {
            throw new FormatException($"Syntax error: expected '{token}' but found '{Peek ?? "end of expression"}'");
        }

        _at++;
    }

    /// <summary>Splits into tokens; string literals become "\u0001" + their unescaped text.</summary>
    private static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c is '\'' or '"')
            {
                var value = new StringBuilder();
                i++;
                while (i < text.Length && text[i] != c)
                {
                    value.Append(text[i] == '\\' && i + 1 < text.Length ? text[++i] : text[i]);
                    i++;
                }

                if (i >= text.Length)
                {
                    throw new FormatException("Syntax error: unterminated string literal");
                }

                i++;
                tokens.Add("\u0001" + value);
            }
            else if (char.IsAsciiLetterOrDigit(c) || c == '_')
            {
                var start = i;
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_' || (char.IsAsciiDigit(text[start]) && text[i] == '.')))
                {
                    i++;
                }

                tokens.Add(text[start..i]);
            }
            else if (Symbols.FirstOrDefault(s => string.CompareOrdinal(text, i, s, 0, s.Length) == 0) is { } symbol)
            {
                tokens.Add(symbol);
                i += symbol.Length;
            }
            else
            {
                throw new FormatException($"Syntax error: token recognition error at: '{c}'");
            }
        }

        return tokens;
    }
}
