using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace MetricsOperator.Kubernetes.Selectors;

/// <summary>
/// Parser for the Kubernetes label selector syntax:
/// <c>requirement ("," requirement)*</c> where a requirement is <c>key</c>, <c>!key</c>, <c>key (=|==|!=) value</c>,
/// <c>key (in|notin) (v1,v2)</c> or <c>key (&gt;|&lt;) integer</c>. Whitespace between tokens is ignored.
/// Errors name what was found, where, and what was expected.
/// </summary>
internal sealed class LabelSelectorParser
{
    private const string RequirementError = "unable to parse requirement: ";

    private readonly string _text;
    private int _position;
    private Token? _peeked;

    private LabelSelectorParser(string text) => _text = text;

    private enum TokenKind
    {
        End,
        Identifier,
        Equal,
        DoubleEqual,
        NotEqual,
        Not,
        OpenParen,
        CloseParen,
        Comma,
        GreaterThan,
        LessThan,
    }

    public static bool TryParse(
        string text,
        [NotNullWhen(true)] out List<LabelRequirement>? requirements,
        [NotNullWhen(false)] out string? error)
    {
        var parser = new LabelSelectorParser(text);
        requirements = [];
        if (parser.Peek().Kind == TokenKind.End)
        {
            error = null;
            return true;
        }

        while (true)
        {
            if (!parser.TryParseRequirement(out var requirement, out error))
            {
                requirements = null;
                return false;
            }

            requirements.Add(requirement);
            var separator = parser.Next();
            if (separator.Kind == TokenKind.End)
            {
                return true;
            }

            if (separator.Kind != TokenKind.Comma)
            {
                error = parser.Unexpected(separator, "',' or end of string");
                requirements = null;
                return false;
            }
        }
    }

    private bool TryParseRequirement([NotNullWhen(true)] out LabelRequirement? requirement, [NotNullWhen(false)] out string? error)
    {
        requirement = null;
        var first = Next();
        var negated = first.Kind == TokenKind.Not;
        var keyToken = negated ? Next() : first;
        if (keyToken.Kind != TokenKind.Identifier || IsKeyword(keyToken))
        {
            error = RequirementError + Unexpected(keyToken, negated ? "identifier after '!'" : "identifier");
            return false;
        }

        var key = TextOf(keyToken);
        if (LabelSyntax.ValidateKey(key) is { } keyProblem)
        {
            error = RequirementError + keyProblem;
            return false;
        }

        var operatorToken = Peek();
        if (operatorToken.Kind is TokenKind.End or TokenKind.Comma)
        {
            requirement = new LabelRequirement(key, negated ? LabelSelectorOperator.DoesNotExist : LabelSelectorOperator.Exists, []);
            error = null;
            return true;
        }

        if (negated)
        {
            error = RequirementError + Unexpected(operatorToken, "',' or end of string after '!" + key + "'");
            return false;
        }

        Next();
        if (!TryParseOperator(operatorToken, out var op))
        {
            error = RequirementError + Unexpected(operatorToken, "'=', '==', '!=', 'in', 'notin', '>' or '<'");
            return false;
        }

        var values = new List<string>(1);
        var parsed = op is LabelSelectorOperator.In or LabelSelectorOperator.NotIn
            ? TryParseValueSet(values, out var problem)
            : TryParseSingleValue(values, out problem);
        if (!parsed || !TryValidateValues(key, op, values, out problem))
        {
            error = RequirementError + problem;
            return false;
        }

        error = null;
        requirement = new LabelRequirement(key, op, [.. values]);
        return true;
    }

    private bool TryParseOperator(Token token, out LabelSelectorOperator op)
    {
        op = token.Kind switch
        {
            TokenKind.Equal or TokenKind.DoubleEqual => LabelSelectorOperator.Equal,
            TokenKind.NotEqual => LabelSelectorOperator.NotEqual,
            TokenKind.GreaterThan => LabelSelectorOperator.GreaterThan,
            TokenKind.LessThan => LabelSelectorOperator.LessThan,
            TokenKind.Identifier when Is(token, "in") => LabelSelectorOperator.In,
            TokenKind.Identifier when Is(token, "notin") => LabelSelectorOperator.NotIn,
            _ => (LabelSelectorOperator)(-1),
        };
        return op >= 0;
    }

    // "key=" is valid and means the empty value, as in Kubernetes.
    private bool TryParseSingleValue(List<string> values, [NotNullWhen(false)] out string? error)
    {
        var token = Peek();
        if (token.Kind is TokenKind.End or TokenKind.Comma)
        {
            values.Add(string.Empty);
        }
        else if (token.Kind == TokenKind.Identifier)
        {
            values.Add(TextOf(Next()));
        }
        else
        {
            error = Unexpected(token, "identifier");
            return false;
        }

        error = null;
        return true;
    }

    // "(a,,b)", "(,a)" and "()" contain the empty value, as in Kubernetes.
    private bool TryParseValueSet(List<string> values, [NotNullWhen(false)] out string? error)
    {
        var open = Next();
        if (open.Kind != TokenKind.OpenParen)
        {
            error = Unexpected(open, "'('");
            return false;
        }

        while (true)
        {
            var item = Peek();
            if (item.Kind == TokenKind.Identifier)
            {
                values.Add(TextOf(Next()));
            }
            else if (item.Kind is TokenKind.Comma or TokenKind.CloseParen)
            {
                values.Add(string.Empty);
            }
            else
            {
                error = Unexpected(item, "',', ')' or identifier");
                return false;
            }

            var separator = Next();
            if (separator.Kind == TokenKind.CloseParen)
            {
                error = null;
                return true;
            }

            if (separator.Kind != TokenKind.Comma)
            {
                error = Unexpected(separator, "',' or ')'");
                return false;
            }
        }
    }

    private static bool TryValidateValues(string key, LabelSelectorOperator op, List<string> values, [NotNullWhen(false)] out string? error)
    {
        foreach (var value in values)
        {
            if (LabelSyntax.ValidateValue(key, value) is { } problem)
            {
                error = problem;
                return false;
            }
        }

        if (op is LabelSelectorOperator.GreaterThan or LabelSelectorOperator.LessThan &&
            !long.TryParse(values[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
        {
            error = $"for '>' and '<' the value must be an integer, found \"{values[0]}\" for key \"{key}\"";
            return false;
        }

        error = null;
        return true;
    }

    private string Unexpected(Token token, string expected) =>
        token.Kind == TokenKind.End
            ? $"found end of string, expected: {expected}"
            : $"found '{TextOf(token)}' at position {token.Start}, expected: {expected}";

    private bool IsKeyword(Token token) => Is(token, "in") || Is(token, "notin");

    private bool Is(Token token, string word) => _text.AsSpan(token.Start, token.Length).SequenceEqual(word);

    private string TextOf(Token token) => _text.Substring(token.Start, token.Length);

    private Token Peek() => _peeked ??= Scan();

    private Token Next()
    {
        var token = Peek();
        _peeked = null;
        return token;
    }

    private Token Scan()
    {
        while (_position < _text.Length && IsWhitespace(_text[_position]))
        {
            _position++;
        }

        var start = _position;
        if (start == _text.Length)
        {
            return new Token(TokenKind.End, start, 0);
        }

        var kind = _text[start] switch
        {
            '=' => FollowedByEquals() ? TokenKind.DoubleEqual : TokenKind.Equal,
            '!' => FollowedByEquals() ? TokenKind.NotEqual : TokenKind.Not,
            '(' => TokenKind.OpenParen,
            ')' => TokenKind.CloseParen,
            ',' => TokenKind.Comma,
            '>' => TokenKind.GreaterThan,
            '<' => TokenKind.LessThan,
            _ => TokenKind.Identifier,
        };
        _position++;
        if (kind == TokenKind.Identifier)
        {
            while (_position < _text.Length && !IsWhitespace(_text[_position]) && !IsSymbol(_text[_position]))
            {
                _position++;
            }
        }

        return new Token(kind, start, _position - start);
    }

    private bool FollowedByEquals()
    {
        if (_position + 1 < _text.Length && _text[_position + 1] == '=')
        {
            _position++;
            return true;
        }

        return false;
    }

    private static bool IsWhitespace(char c) => c is ' ' or '\t' or '\r' or '\n';

    private static bool IsSymbol(char c) => c is '=' or '!' or '(' or ')' or ',' or '>' or '<';

    private readonly record struct Token(TokenKind Kind, int Start, int Length);
}
