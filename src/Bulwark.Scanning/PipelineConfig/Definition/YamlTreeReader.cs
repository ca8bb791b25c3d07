using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Bulwark.Scanning.PipelineConfig.Definition;

/// <summary>
/// Reads one YAML document from YamlDotNet's event parser into <see cref="YamlNode"/>s, keeping every position.
/// The input is untrusted: aliases are refused unless a <see cref="YamlAliasPolicy"/> allows them (then their
/// expansion is charged against a budget: no billion laughs), nesting and node count are bounded (so the
/// recursion here is too), a repeated key is an error, and a syntax error becomes a positioned error.
/// </summary>
internal sealed class YamlTreeReader
{
    private readonly IParser _parser;
    private readonly PipelineLimits _limits;
    private readonly PipelineErrors _errors;
    private readonly YamlAliasPolicy _aliases;
    private readonly Dictionary<string, (YamlNode Node, int Size)> _anchors = new(StringComparer.Ordinal);
    private int _nodes;
    private int _expanded;
    private int _line = 1;
    private int _column = 1;

    private YamlTreeReader(string text, PipelineLimits limits, PipelineErrors errors, YamlAliasPolicy aliases)
    {
        _parser = new Parser(new StringReader(text));
        _limits = limits;
        _errors = errors;
        _aliases = aliases;
    }

    /// <summary>The document's root, or null when it is empty or unreadable (then an error was added).</summary>
    public static YamlNode? Read(string text, PipelineLimits limits, PipelineErrors errors, YamlAliasPolicy? aliases = null)
    {
        var reader = new YamlTreeReader(text, limits, errors, aliases ?? YamlAliasPolicy.Refuse);
        try
        {
            return reader.ReadStream();
        }
        catch (YamlException ex)
        {
            errors.Add("invalid YAML: " + ex.Message, (int)Math.Max(1, ex.Start.Line), (int)Math.Max(1, ex.Start.Column));
        }
        catch (LimitExceeded ex)
        {
            errors.Add(ex.Error.Message, ex.Error.Line, ex.Error.Column);
        }
        catch (InvalidOperationException ex)
        {
            // YamlDotNet's scanner throws this on some malformed plain scalars (found by the fuzz tests), without
            // a position: report it just after the last event that was read.
            errors.Add("invalid YAML: " + ex.Message, reader._line, reader._column);
        }
        return null;
    }

    private YamlNode? ReadStream()
    {
        YamlNode? root = null;
        while (_parser.MoveNext())
        {
            (_line, _column) = ((int)Math.Max(1, _parser.Current!.End.Line), (int)Math.Max(1, _parser.Current.End.Column));
            switch (_parser.Current)
            {
                case DocumentStart start when root is not null:
                    _errors.Add("only one YAML document is allowed", (int)start.Start.Line, (int)start.Start.Column);
                    return null;
                case MappingStart or SequenceStart or Scalar or AnchorAlias:
                    root = ReadNode(0);
                    break;
            }
        }
        return root;
    }

    private YamlNode ReadNode(int depth)
    {
        var current = _parser.Current!;
        var (line, column) = ((int)current.Start.Line, (int)current.Start.Column);
        if (++_nodes > _limits.MaxNodes)
        {
            throw new LimitExceeded(new PipelineError($"more than {_limits.MaxNodes} YAML nodes", line, column));
        }
        if (current is AnchorAlias alias)
        {
            return Alias(alias, line, column);
        }
        var (before, expandedBefore) = (_nodes, _expanded);
        var node = ReadValue(current, depth, line, column);
        if (_aliases.Allow && current is NodeEvent { Anchor.IsEmpty: false } anchored)
        {
            // The node's size counts what the aliases inside it expand to, so nested aliases multiply as they
            // would in a copy. A later anchor of the same name replaces the earlier one, as in YAML.
            _anchors[anchored.Anchor.Value] = (node, _nodes - before + 1 + _expanded - expandedBefore);
        }
        return node;
    }

    private YamlNode Alias(AnchorAlias alias, int line, int column)
    {
        if (!_aliases.Allow)
        {
            throw new LimitExceeded(new PipelineError("YAML aliases (*name) are not allowed in a pipeline", line, column));
        }
        if (!_anchors.TryGetValue(alias.Value.Value, out var anchored))
        {
            throw new LimitExceeded(new PipelineError($"YAML alias '*{alias.Value.Value}' names no anchor defined before it", line, column));
        }
        _expanded += anchored.Size;
        if (_expanded > _aliases.MaxExpandedNodes)
        {
            throw new LimitExceeded(new PipelineError($"YAML aliases expand to more than {_aliases.MaxExpandedNodes} nodes", line, column));
        }
        return anchored.Node;
    }

    private YamlNode ReadValue(ParsingEvent current, int depth, int line, int column)
    {
        switch (current)
        {
            case Scalar scalar:
                // A quoted scalar's position is its text, not its opening quote.
                var quoted = scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted;
                return new YamlNode(YamlNodeKind.Scalar, line, column + (quoted ? 1 : 0))
                {
                    Value = scalar.Value,
                    Plain = scalar.Style == ScalarStyle.Plain,
                    Style = scalar.Style,
                    Start = (int)scalar.Start.Index,
                    End = (int)scalar.End.Index,
                };
            case MappingStart or SequenceStart when depth >= _limits.MaxDepth:
                throw new LimitExceeded(new PipelineError($"YAML nested deeper than {_limits.MaxDepth} levels", line, column));
            case MappingStart start:
                return ReadMapping(new YamlNode(YamlNodeKind.Mapping, line, column) { Flow = start.Style == MappingStyle.Flow }, depth + 1);
            case SequenceStart start:
                var sequence = new YamlNode(YamlNodeKind.Sequence, line, column) { Flow = start.Style == SequenceStyle.Flow };
                while (Next() is not SequenceEnd)
                {
                    sequence.Items.Add(ReadNode(depth + 1));
                }
                return sequence;
            default:
                throw new LimitExceeded(new PipelineError($"unexpected YAML {current.GetType().Name}", line, column));
        }
    }

    private YamlNode ReadMapping(YamlNode mapping, int depth)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        List<YamlEntry>? merged = null;
        while (Next() is not MappingEnd)
        {
            var keyNode = ReadNode(depth);
            Next();
            var value = ReadNode(depth);
            if (keyNode.Kind != YamlNodeKind.Scalar)
            {
                _errors.Add("mapping keys must be plain strings", keyNode);
                continue;
            }
            if (_aliases.Allow && keyNode.Plain && keyNode.Value == "<<")
            {
                Merge(value, merged ??= []);
                continue;
            }
            if (!seen.Add(keyNode.Value))
            {
                _errors.Add($"duplicate key '{keyNode.Value}'", keyNode);
                continue;
            }
            mapping.Entries.Add(new YamlEntry(keyNode.Value, keyNode.Line, keyNode.Column, value));
        }
        // Merge keys never override a key the mapping states itself; of several merged maps, the first wins.
        foreach (var entry in merged ?? [])
        {
            if (seen.Add(entry.Key))
            {
                mapping.Entries.Add(entry);
            }
        }
        return mapping;
    }

    /// <summary>The entries of <c>&lt;&lt;: *map</c> or <c>&lt;&lt;: [*a, *b]</c>, charged against the alias budget.</summary>
    private void Merge(YamlNode value, List<YamlEntry> merged)
    {
        var sources = value.Kind == YamlNodeKind.Sequence ? value.Items : [value];
        foreach (var source in sources)
        {
            if (source.Kind != YamlNodeKind.Mapping)
            {
                _errors.Add("a merge key (<<) takes a mapping or a list of mappings", source);
                continue;
            }
            _expanded += source.Entries.Count;
            if (_expanded > _aliases.MaxExpandedNodes)
            {
                throw new LimitExceeded(new PipelineError($"YAML aliases expand to more than {_aliases.MaxExpandedNodes} nodes", source.Line, source.Column));
            }
            merged.AddRange(source.Entries);
        }
    }

    private ParsingEvent Next()
    {
        if (!_parser.MoveNext())
        {
            throw new LimitExceeded(new PipelineError("unexpected end of YAML", _line, _column));
        }
        (_line, _column) = ((int)Math.Max(1, _parser.Current!.End.Line), (int)Math.Max(1, _parser.Current.End.Column));
        return _parser.Current;
    }

    /// <summary>Unwinds the reader at the first limit hit; never leaves <see cref="Read"/>.</summary>
    private sealed class LimitExceeded(PipelineError error) : Exception(error.Message)
    {
        public PipelineError Error { get; } = error;
    }
}
