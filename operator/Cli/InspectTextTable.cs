namespace MetricsOperator.Cli;

/// <summary>Left-aligned columns separated by two spaces, like <c>kubectl get</c>; sized to the widest cell.</summary>
internal sealed class InspectTextTable
{
    private readonly string[] _headers;
    private readonly List<string[]> _rows = [];

    public InspectTextTable(params string[] headers) => _headers = headers;

    public int RowCount => _rows.Count;

    public void Add(params string[] cells)
    {
        if (cells.Length != _headers.Length)
        {
            throw new ArgumentException($"expected {_headers.Length} cells, got {cells.Length}", nameof(cells));
        }

        _rows.Add(cells);
    }

    public void WriteTo(TextWriter writer)
    {
        var widths = new int[_headers.Length];
        foreach (var row in _rows.Prepend(_headers))
        {
            for (var i = 0; i < row.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        foreach (var row in _rows.Prepend(_headers))
        {
            for (var i = 0; i < row.Length - 1; i++)
            {
                writer.Write(row[i].PadRight(widths[i] + 2));
            }

            writer.WriteLine(row[^1]);
        }
    }
}
