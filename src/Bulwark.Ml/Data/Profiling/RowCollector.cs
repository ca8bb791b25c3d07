using System.Text;
using Bulwark.Ml.Data.Reading;

namespace Bulwark.Ml.Data.Profiling;

/// <summary>
/// A second, cheap pass over the candidate that lists the rows holding given values (categories, label values,
/// numbers or tokens) once the checks know which values matter. At most <c>maxRows</c> rows per value are kept;
/// the count is always complete.
/// </summary>
internal sealed class RowCollector(DatasetSchema schema, int maxRows)
{
    private readonly Dictionary<int, Dictionary<string, Hits>> _values = [];
    private readonly Dictionary<int, Dictionary<double, Hits>> _numbers = [];
    private readonly Dictionary<string, Hits> _tokens = new(StringComparer.Ordinal);

    /// <summary>Rows to look at (a time window); the rest are counted for row numbers but not listed.</summary>
    public Func<IRecordReader, bool>? Include { get; init; }

    public bool IsEmpty => _values.Count == 0 && _numbers.Count == 0 && _tokens.Count == 0;

    public Hits WantValue(int column, string value) => Want(_values, column, value, StringComparer.Ordinal);

    public Hits WantNumber(int column, double value) => Want(_numbers, column, value, EqualityComparer<double>.Default);

    public Hits WantToken(string token)
    {
        if (!_tokens.TryGetValue(token, out var hits))
        {
            _tokens[token] = hits = new Hits(maxRows);
        }
        return hits;
    }

    /// <exception cref="DataReadException">The file changed into something malformed since the first pass.</exception>
    public void Run(DataLimits limits, CancellationToken cancellationToken)
    {
        if (IsEmpty)
        {
            return;
        }
        using var reader = DataFiles.Open(schema.Path, limits);
        var tokens = new List<string>();
        long row = 0;
        for (; reader.Read(); row++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Include is { } include && !include(reader))
            {
                continue;
            }
            foreach (var (column, wanted) in _values)
            {
                var text = Encoding.UTF8.GetString(reader.Value(column).Trim(" \t"u8));
                if (column == schema.LabelIndex)
                {
                    text = Canonical(text);
                }
                if (wanted.TryGetValue(text, out var hits))
                {
                    hits.Add(row, reader.Line);
                }
            }
            foreach (var (column, wanted) in _numbers)
            {
                if (CellValue.Parse(reader.Value(column), out var value) == CellKind.Number && wanted.TryGetValue(value, out var hits))
                {
                    hits.Add(row, reader.Line);
                }
            }
            if (_tokens.Count > 0 && schema.TextIndex >= 0)
            {
                Tokenizer.Tokenize(Encoding.UTF8.GetString(reader.Value(schema.TextIndex)), tokens);
                foreach (var token in tokens.Distinct())
                {
                    if (_tokens.TryGetValue(token, out var hits))
                    {
                        hits.Add(row, reader.Line);
                    }
                }
            }
        }
    }

    private Hits Want<TKey>(Dictionary<int, Dictionary<TKey, Hits>> map, int column, TKey value, IEqualityComparer<TKey> comparer)
        where TKey : notnull
    {
        if (!map.TryGetValue(column, out var wanted))
        {
            map[column] = wanted = new Dictionary<TKey, Hits>(comparer);
        }
        if (!wanted.TryGetValue(value, out var hits))
        {
            wanted[value] = hits = new Hits(maxRows);
        }
        return hits;
    }

    private static string Canonical(string label)
    {
        var labels = new LabelCounts();
        var code = labels.Code(Encoding.UTF8.GetBytes(label));
        return code < 0 ? label : labels.Names[code];
    }

    internal sealed class Hits(int maxRows)
    {
        public List<long> Rows { get; } = [];

        public long Count { get; private set; }

        public long FirstLine { get; private set; }

        public void Add(long row, long line)
        {
            if (Count++ == 0)
            {
                FirstLine = line;
            }
            if (Rows.Count < maxRows)
            {
                Rows.Add(row);
            }
        }
    }
}
