using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Bulwark.Scanning.Web.Discovery;

/// <summary>
/// YAML to a JSON tree for the OpenAPI reader. Every node converted counts against a budget, aliases
/// included, so a billion-laughs document stops at the budget instead of filling memory.
/// </summary>
internal static class YamlJson
{
    /// <param name="budget">Nodes that may still be converted; what this document uses is taken from it.</param>
    public static JsonNode? Convert(string yaml, ref int budget, int maxDepth)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            throw new OpenApiException($"invalid YAML at line {ex.Start.Line}, column {ex.Start.Column}: {FirstLine(ex.Message)}");
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet's scanner throws these on some malformed input instead of a YamlException.
            throw new OpenApiException($"invalid YAML: {FirstLine(ex.Message)}");
        }
        if (stream.Documents.Count == 0)
        {
            throw new OpenApiException("empty document");
        }
        return Convert(stream.Documents[0].RootNode, 0, maxDepth, ref budget);
    }

    private static JsonNode? Convert(YamlNode node, int depth, int maxDepth, ref int budget)
    {
        if (--budget < 0)
        {
            throw new OpenApiException("document too large (node budget spent; aliases expanding?)");
        }
        if (depth > maxDepth)
        {
            throw new OpenApiException($"document nested deeper than {maxDepth} levels");
        }
        switch (node)
        {
            case YamlMappingNode map:
                var obj = new JsonObject();
                foreach (var (key, value) in map.Children)
                {
                    if (key is YamlScalarNode { Value: { } name })
                    {
                        obj[name] = Convert(value, depth + 1, maxDepth, ref budget);
                    }
                }
                return obj;
            case YamlSequenceNode sequence:
                var array = new JsonArray();
                foreach (var item in sequence.Children)
                {
                    array.Add(Convert(item, depth + 1, maxDepth, ref budget));
                }
                return array;
            case YamlScalarNode scalar:
                return Scalar(scalar);
            default:
                return null;
        }
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        if (scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded)
        {
            return JsonValue.Create(value);
        }
        return value switch
        {
            "" or "~" or "null" or "Null" or "NULL" => null,
            "true" or "True" or "TRUE" => JsonValue.Create(true),
            "false" or "False" or "FALSE" => JsonValue.Create(false),
            _ when long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
            _ when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && !double.IsInfinity(real) => JsonValue.Create(real),
            _ => JsonValue.Create(value),
        };
    }

    private static string FirstLine(string text)
    {
        var newline = text.IndexOf('\n');
        return newline < 0 ? text : text[..newline];
    }
}
