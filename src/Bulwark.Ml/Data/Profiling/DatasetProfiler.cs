using System.Text;
using Bulwark.Ml.Data.Reading;

namespace Bulwark.Ml.Data.Profiling;

/// <summary>
/// Builds one profile row by row: statistics, a row sample and duplicate keys. <see cref="Profile"/> feeds it a
/// whole file; windowed drift feeds one builder per time window from a single pass.
/// </summary>
internal sealed class DatasetProfiler
{
    private readonly DatasetSchema _schema;
    private readonly ProfilePlan _plan;
    private readonly DatasetProfile _profile;
    private readonly RowSample _sample;
    private readonly int[] _numeric;
    private readonly ColumnInfo[] _keyColumns;
    private readonly double[] _keyScales;
    private readonly double[] _parsed;
    private readonly CellKind[] _cellKinds;
    private readonly double[] _row;
    private readonly List<string> _tokens = [];
    private readonly HashSet<string> _distinct = new(StringComparer.Ordinal);
    private char[] _chars = new char[256];
    private long _count;

    public DatasetProfiler(DatasetSchema schema, ProfilePlan plan)
    {
        _schema = schema;
        _plan = plan;
        var columns = schema.Columns;
        _numeric = columns.Where(c => c.Kind == ColumnKind.Numeric).Select(c => c.Index).ToArray();
        var text = schema.TextIndex;
        _sample = new RowSample(plan.SampleRows, _numeric.Length + (text >= 0 ? 1 : 0), text >= 0, plan.Seed);
        _profile = new DatasetProfile(schema, _numeric, _sample)
        {
            Numeric = [.. columns.Select(c => c.Kind == ColumnKind.Numeric ? new NumericStats(plan.Extremes) : null)],
            Categories = [.. columns.Select(c => c.Kind is ColumnKind.Categorical ? new ValueCounts(plan.MaxCategories) : null)],
            Tokens = text >= 0 ? new ValueCounts(plan.MaxTokens) : null,
            TextLengths = text >= 0 ? new NumericStats(plan.Extremes) : null,
        };
        _keyColumns = plan.KeyColumns.Select(name => schema.Find(name)).Where(c => c is not null).Select(c => c!).ToArray();
        _keyScales = _keyColumns.Select(c => plan.Scales.TryGetValue(c.Name, out var s) ? s * plan.NearEpsilon : 0).ToArray();
        _parsed = new double[columns.Count];
        _cellKinds = new CellKind[columns.Count];
        _row = new double[_numeric.Length];
    }

    /// <exception cref="DataReadException">The file is malformed.</exception>
    public static DatasetProfile Profile(DatasetSchema schema, ProfilePlan plan, DataLimits limits, CancellationToken cancellationToken)
    {
        using var reader = DataFiles.Open(schema.Path, limits);
        var profiler = new DatasetProfiler(schema, plan);
        long index = 0;
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            profiler.Add(reader, index++);
        }
        return profiler.Finish();
    }

    /// <summary>Rows added so far.</summary>
    public long Count => _count;

    /// <summary>Adds the reader's current record; <paramref name="index"/> is its 0-based row in the file.</summary>
    public void Add(IRecordReader reader, long index)
    {
        var schema = _schema;
        var profile = _profile;
        var sample = _sample;
        var numeric = _numeric;
        var row = _row;
        var text = schema.TextIndex;
        var line = reader.Line;
        var label = schema.LabelIndex >= 0 ? profile.Labels.Code(reader.Value(schema.LabelIndex)) : -1;
        var slot = sample.Offer(index);
        for (var n = 0; n < numeric.Length; n++)
        {
            var c = numeric[n];
            var stats = profile.Numeric[c]!;
            var kind = CellValue.Parse(reader.Value(c), out var value);
            _cellKinds[c] = kind;
            _parsed[c] = value;
            switch (kind)
            {
                case CellKind.Number:
                    stats.Add(value, index, line);
                    break;
                case CellKind.NonFinite:
                    stats.AddNonFinite(index, line, Short(reader.Value(c)));
                    break;
                case CellKind.Text:
                    stats.AddMixed(index, line, Short(reader.Value(c)));
                    break;
                default:
                    stats.Missing++;
                    break;
            }
            row[n] = kind == CellKind.Number ? value : double.NaN;
        }
        if (slot >= 0)
        {
            row.CopyTo(sample.Row(slot));
            sample.Labels[slot] = label;
        }
        foreach (var column in schema.Columns)
        {
            if (column.Kind == ColumnKind.Categorical)
            {
                var raw = reader.Value(column.Index).Trim(" \t"u8);
                if (raw.IsEmpty)
                {
                    continue;
                }
                if (_chars.Length < raw.Length)
                {
                    _chars = new char[Math.Max(raw.Length, _chars.Length * 2)];
                }
                var length = Encoding.UTF8.GetChars(raw, _chars);
                profile.Categories[column.Index]!.Add(_chars.AsSpan(0, length), label, index);
            }
        }
        if (text >= 0)
        {
            Tokenizer.Tokenize(Encoding.UTF8.GetString(reader.Value(text)), _tokens);
            _distinct.Clear();
            foreach (var token in _tokens)
            {
                if (_distinct.Add(token))
                {
                    profile.Tokens!.Add(token, label, index);
                }
            }
            profile.TextLengths!.Add(_tokens.Count, index, line);
            if (slot >= 0)
            {
                sample.Row(slot)[numeric.Length] = _tokens.Count;
                sample.Tokens![slot] = [.. _distinct];
            }
        }
        if (_plan.CollectKeys)
        {
            AddKeys(profile, _plan, reader, _keyColumns, _keyScales, _parsed, _cellKinds, _tokens, label, line, (int)Math.Min(index, int.MaxValue));
        }
        _count++;
    }

    /// <exception cref="DataReadException">No row was added.</exception>
    public DatasetProfile Finish()
    {
        _profile.Rows = _count;
        if (_count == 0)
        {
            throw DataReadException.InFile(_schema.Path, "the file has no data rows");
        }
        return _profile;
    }

    private static void AddKeys(DatasetProfile profile, ProfilePlan plan, IRecordReader reader, ColumnInfo[] keyColumns, double[] scales,
        double[] parsed, CellKind[] kinds, List<string> tokens, int label, long line, int row)
    {
        var exact = new RowHasher(1);
        var near = new RowHasher(2);
        for (var k = 0; k < keyColumns.Length; k++)
        {
            var column = keyColumns[k];
            if (column.Kind == ColumnKind.Numeric && kinds[column.Index] == CellKind.Number)
            {
                var value = parsed[column.Index] == 0 ? 0 : parsed[column.Index];
                exact.Add((ulong)BitConverter.DoubleToInt64Bits(value));
                near.Add(scales[k] > 0 ? (ulong)(long)Math.Round(value / scales[k]) : (ulong)BitConverter.DoubleToInt64Bits(value));
            }
            else if (column.Kind == ColumnKind.Text)
            {
                exact.Add(reader.Value(column.Index));
                near.Add((ulong)tokens.Count);
                foreach (var token in tokens)
                {
                    near.Add(token);
                }
            }
            else
            {
                var raw = reader.Value(column.Index).Trim(" \t"u8);
                exact.Add(raw);
                near.Add(raw);
            }
        }
        profile.Keys.Add(exact.Value, near.Value, label, line);
        if (profile.Schema.TextIndex >= 0 && tokens.Count is >= 1 && tokens.Count <= plan.MaxDropTokens)
        {
            // The whole sequence in the same key space: a text one token longer meets it through a drop key.
            var full = new RowHasher(3);
            full.Add((ulong)tokens.Count);
            foreach (var token in tokens)
            {
                full.Add(token);
            }
            profile.Keys.AddDrop(full.Value, row, plan.MaxDropKeys);
            for (var drop = 0; drop < tokens.Count; drop++)
            {
                var key = new RowHasher(3);
                key.Add((ulong)(tokens.Count - 1));
                for (var t = 0; t < tokens.Count; t++)
                {
                    if (t != drop)
                    {
                        key.Add(tokens[t]);
                    }
                }
                profile.Keys.AddDrop(key.Value, row, plan.MaxDropKeys);
            }
        }
    }

    private static string Short(ReadOnlySpan<byte> raw)
    {
        var text = Encoding.UTF8.GetString(raw.Length > 40 ? raw[..40] : raw);
        return raw.Length > 40 ? text + "…" : text;
    }
}
