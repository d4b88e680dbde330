using System.Text;

namespace Romp.Generators.Emit;

/// <summary>Writes generated C# line by line, tracking indentation. Lines end in LF on every platform.</summary>
internal sealed class SourceWriter
{
    private const string IndentUnit = "    ";

    private readonly StringBuilder _builder = new();
    private int _indent;

    /// <summary>Writes one line at the current indentation; an empty line carries no trailing spaces.</summary>
    public SourceWriter WriteLine(string line = "")
    {
        if (line.Length > 0)
        {
            for (int i = 0; i < _indent; i++)
                _builder.Append(IndentUnit);
            _builder.Append(line);
        }

        _builder.Append('\n');
        return this;
    }

    /// <summary>Writes a preprocessor directive in the first column.</summary>
    public SourceWriter WriteDirective(string directive)
    {
        _builder.Append(directive).Append('\n');
        return this;
    }

    /// <summary>Writes <c>{</c> and indents.</summary>
    public SourceWriter OpenBlock()
    {
        WriteLine("{");
        _indent++;
        return this;
    }

    /// <summary>Unindents and writes <c>}</c> followed by <paramref name="suffix"/>.</summary>
    public SourceWriter CloseBlock(string suffix = "")
    {
        _indent--;
        WriteLine("}" + suffix);
        return this;
    }

    public SourceWriter Indent()
    {
        _indent++;
        return this;
    }

    public SourceWriter Unindent()
    {
        _indent--;
        return this;
    }

    public override string ToString() => _builder.ToString();
}
