using System.Text;
using System.Text.Json;

namespace Bulwark.Ml.Evaluation;

/// <summary>
/// Reads a metrics file (schema in docs/data-checks.md, "Evaluation gate") with a forward-only JSON reader: bounded
/// size, depth and counts, duplicate and unknown keys refused, every number finite. Every error is an
/// <see cref="EvalInputException"/> naming the file, line and column; nothing else escapes.
/// </summary>
internal static class EvalMetricsReader
{
    public const long MaxBytes = 16L << 20;
    public const int MaxNames = 10_000;
    public const int MaxValues = 1_000_000;
    public const int MaxNameLength = 1_024;

    public static EvalMetrics Load(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new EvalInputException($"{path}: file not found");
        }
        if (info.Length > MaxBytes)
        {
            throw new EvalInputException($"{path}: the metrics file is larger than {MaxBytes >> 20} MiB");
        }
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new EvalInputException($"{path}: cannot read: {ex.Message}");
        }
        return Parse(bytes, path);
    }

    public static EvalMetrics Parse(byte[] json, string path)
    {
        if (json.Length > MaxBytes)
        {
            throw new EvalInputException($"{path}: the metrics file is larger than {MaxBytes >> 20} MiB");
        }
        if (json.AsSpan().Trim(" \t\r\n"u8).IsEmpty)
        {
            throw new EvalInputException($"{path}: the file is empty");
        }
        var parser = new Parser(json, path);
        try
        {
            return parser.Document();
        }
        catch (JsonException ex)
        {
            var reason = ex.Message.Split(" LineNumber:", 2)[0].TrimEnd('.', ' ');
            throw new EvalInputException($"{path}:{(ex.LineNumber ?? 0) + 1}:{(ex.BytePositionInLine ?? 0) + 1}: invalid JSON: {reason}");
        }
        catch (InvalidOperationException)
        {
            throw parser.Error("a string is not valid UTF-8");
        }
    }

    /// <summary>Positions are found by counting lines forward from the last one, so the whole file costs one pass.</summary>
    private ref struct Parser(byte[] json, string path)
    {
        private readonly byte[] _json = json;
        private readonly string _path = path;
        private Utf8JsonReader _reader = new(json, new JsonReaderOptions { MaxDepth = 8, CommentHandling = JsonCommentHandling.Disallow });
        private int _values;
        private long _scanned;
        private int _line = 1;
        private long _lineStart;

        public EvalMetrics Document()
        {
            Next();
            if (_reader.TokenType != JsonTokenType.StartObject)
            {
                throw Error("the metrics file must be a JSON object");
            }
            string? modelName = null;
            byte[]? modelSha = null;
            IReadOnlyDictionary<string, MetricValue>? metrics = null;
            var slices = new Dictionary<string, IReadOnlyDictionary<string, MetricValue>>(StringComparer.Ordinal);
            var benchmarks = new List<string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            while (NextName(seen, "the top level") is { } name)
            {
                switch (name)
                {
                    case "model":
                        (modelName, modelSha) = Model();
                        break;
                    case "metrics":
                        metrics = MetricMap("metrics");
                        break;
                    case "slices":
                        Slices(slices);
                        break;
                    case "benchmarks":
                        Benchmarks(benchmarks);
                        break;
                    default:
                        throw Error($"unknown key '{name}' at the top level (known: model, metrics, slices, benchmarks)");
                }
            }
            if (_reader.Read())
            {
                throw Error("text after the JSON object");
            }
            if (metrics is null)
            {
                throw new EvalInputException($"{_path}: no \"metrics\" object: the file must hold {{\"metrics\": {{\"name\": number, …}}}}");
            }
            return new EvalMetrics(_path, modelName, modelSha, metrics, slices, benchmarks);
        }

        private (string? Name, byte[]? Sha256) Model()
        {
            Next();
            if (_reader.TokenType != JsonTokenType.StartObject)
            {
                throw Error("\"model\" must be an object such as {\"name\": \"…\", \"sha256\": \"64 hex digits\"}");
            }
            string? name = null;
            byte[]? sha = null;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            while (NextName(seen, "model") is { } key)
            {
                Next();
                if (key is not ("name" or "sha256"))
                {
                    throw Error($"unknown key '{key}' in model (known: name, sha256)");
                }
                if (_reader.TokenType != JsonTokenType.String)
                {
                    throw Error($"model.{key} must be a string");
                }
                var text = _reader.GetString()!;
                if (key == "name")
                {
                    name = CheckName(text, "model.name");
                    continue;
                }
                var hex = text.StartsWith("sha256:", StringComparison.Ordinal) ? text[7..] : text;
                if (hex.Length != 64 || !hex.All(char.IsAsciiHexDigit))
                {
                    throw Error("model.sha256 must be 64 hex digits (optionally prefixed with 'sha256:')");
                }
                sha = Convert.FromHexString(hex);
            }
            return (name, sha);
        }

        private void Slices(Dictionary<string, IReadOnlyDictionary<string, MetricValue>> slices)
        {
            Next();
            if (_reader.TokenType != JsonTokenType.StartObject)
            {
                throw Error("\"slices\" must be an object of slice name to metrics, e.g. {\"region=eu\": {\"accuracy\": 0.88}}");
            }
            var seen = new HashSet<string>(StringComparer.Ordinal);
            while (NextName(seen, "slices") is { } slice)
            {
                if (seen.Count > MaxNames)
                {
                    throw Error($"more than {MaxNames:N0} slices");
                }
                slices[slice] = MetricMap($"slices.{slice}");
            }
        }

        private Dictionary<string, MetricValue> MetricMap(string where)
        {
            Next();
            if (_reader.TokenType != JsonTokenType.StartObject)
            {
                throw Error($"{where} must be an object of metric name to number");
            }
            var map = new Dictionary<string, MetricValue>(StringComparer.Ordinal);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            while (NextName(seen, where) is { } name)
            {
                if (map.Count == MaxNames)
                {
                    throw Error($"{where} holds more than {MaxNames:N0} metrics");
                }
                if (++_values > MaxValues)
                {
                    throw Error($"more than {MaxValues:N0} metric values in the file");
                }
                Next();
                var (line, column) = Position();
                map[name] = new MetricValue(Number($"{where}.{name}"), line, column);
            }
            return map;
        }

        private void Benchmarks(List<string> benchmarks)
        {
            Next();
            if (_reader.TokenType != JsonTokenType.StartArray)
            {
                throw Error("\"benchmarks\" must be an array of benchmark names");
            }
            var seen = new HashSet<string>(StringComparer.Ordinal);
            while (true)
            {
                Next();
                if (_reader.TokenType == JsonTokenType.EndArray)
                {
                    return;
                }
                if (_reader.TokenType != JsonTokenType.String)
                {
                    throw Error("every entry of \"benchmarks\" must be a string");
                }
                if (benchmarks.Count == MaxNames)
                {
                    throw Error($"more than {MaxNames:N0} benchmarks");
                }
                var name = CheckName(_reader.GetString()!, "a benchmark name");
                if (seen.Add(name))
                {
                    benchmarks.Add(name);
                }
            }
        }

        private double Number(string where)
        {
            switch (_reader.TokenType)
            {
                case JsonTokenType.Number:
                    if (_reader.TryGetDouble(out var value) && double.IsFinite(value))
                    {
                        return value;
                    }
                    throw Error($"{where} is out of the range of a finite number");
                case JsonTokenType.String:
                    var text = _reader.GetString()!;
                    throw Error($"{where} must be a finite number, found the string \"{Shorten(text)}\"");
                default:
                    throw Error($"{where} must be a finite number, found {Describe(_reader.TokenType)}");
            }
        }

        /// <summary>The next property name of the current object, or null at its end.</summary>
        private string? NextName(HashSet<string> seen, string where)
        {
            Next();
            if (_reader.TokenType == JsonTokenType.EndObject)
            {
                return null;
            }
            var name = CheckName(_reader.GetString()!, $"a key in {where}");
            if (!seen.Add(name))
            {
                throw Error($"'{Shorten(name)}' appears twice in {where}");
            }
            return name;
        }

        private string CheckName(string name, string what) => name.Length switch
        {
            0 => throw Error($"{what} is empty"),
            > MaxNameLength => throw Error($"{what} is longer than {MaxNameLength} characters"),
            _ => name,
        };

        private void Next()
        {
            if (!_reader.Read())
            {
                throw new EvalInputException($"{_path}: the JSON ends early");
            }
        }

        public EvalInputException Error(string message)
        {
            var (line, column) = Position();
            return new EvalInputException($"{_path}:{line}:{column}: {message}");
        }

        /// <summary>1-based line and byte column of the current token.</summary>
        private (int Line, int Column) Position()
        {
            var offset = Math.Min(_reader.TokenStartIndex, _json.Length);
            for (; _scanned < offset; _scanned++)
            {
                if (_json[_scanned] == (byte)'\n')
                {
                    _line++;
                    _lineStart = _scanned + 1;
                }
            }
            return (_line, (int)(offset - _lineStart) + 1);
        }

        private static string Describe(JsonTokenType type) => type switch
        {
            JsonTokenType.Null => "null",
            JsonTokenType.True or JsonTokenType.False => "a boolean",
            JsonTokenType.StartObject => "an object",
            JsonTokenType.StartArray => "an array",
            _ => type.ToString(),
        };

        private static string Shorten(string text)
        {
            var builder = new StringBuilder();
            foreach (var c in text.Length > 40 ? text[..40] : text)
            {
                builder.Append(char.IsControl(c) ? '?' : c);
            }
            return text.Length > 40 ? builder + "…" : builder.ToString();
        }
    }
}
