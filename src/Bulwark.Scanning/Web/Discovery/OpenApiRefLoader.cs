using System.Text.Json.Nodes;

namespace Bulwark.Scanning.Web.Discovery;

/// <summary>
/// Loads the documents an OpenAPI document's <c>$ref</c>s name in other files, and theirs in turn, before the
/// reader runs, so that operations, parameters, bodies and security defined elsewhere are read like local ones.
/// What may be loaded is the source's rule (<see cref="IOpenApiRefSource"/>); how much is bounded here: documents
/// at most <see cref="MaxDocumentDepth"/> references away, <see cref="MaxDocuments"/> in all, their text and YAML
/// nodes from one shared budget. Each document is loaded once (cycles between files end there). A reference
/// refused or unloadable is a problem naming it and the reason; the rest goes on.
/// </summary>
internal sealed class OpenApiRefLoader
{
    public const int MaxDocumentDepth = 5;
    public const int MaxDocuments = 32;
    public const int MaxProblems = 50;

    /// <summary>Characters of all referenced documents together (each one is also held to <see cref="OpenApiReader.MaxDocumentChars"/>).</summary>
    public const int MaxTotalChars = 2 * OpenApiReader.MaxDocumentChars;

    private readonly IOpenApiRefSource _source;
    private int _nodeBudget = OpenApiReader.MaxNodes;
    private long _chars;

    private OpenApiRefLoader(IOpenApiRefSource source) => _source = source;

    /// <summary>The root document and every document it leads to that could be loaded. Never throws: cancellation (the scan's time limit) ends loading with a problem.</summary>
    public static async Task<OpenApiDocumentSet> LoadAsync(JsonNode? root, Uri location, IOpenApiRefSource source, CancellationToken cancellationToken)
    {
        var set = new OpenApiDocumentSet(root, location);
        var loader = new OpenApiRefLoader(source);
        var queue = new Queue<(JsonNode Node, Uri Location, int Depth)>();
        if (root is not null)
        {
            queue.Enqueue((root, location, 0));
        }
        while (queue.TryDequeue(out var current))
        {
            foreach (var reference in References(current.Node))
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    set.Problem("referenced documents not all loaded: the scan's time limit was reached");
                    return set;
                }
                if (await loader.LoadOneAsync(set, reference, current.Location, current.Depth, cancellationToken).ConfigureAwait(false) is { } loaded)
                {
                    queue.Enqueue(loaded);
                }
            }
        }
        return set;
    }

    private async Task<(JsonNode, Uri, int)?> LoadOneAsync(OpenApiDocumentSet set, string reference, Uri from, int depth, CancellationToken cancellationToken)
    {
        var (part, _) = OpenApiPointer.Split(reference);
        if (OpenApiPointer.Document(from, part) is not { } document)
        {
            set.Refuse(null, reference, "not a valid URI reference");
            return null;
        }
        if (set.Contains(document) || set.IsRefused(document))
        {
            return null;
        }
        if (depth + 1 > MaxDocumentDepth)
        {
            set.Refuse(document, reference, $"more than {MaxDocumentDepth} documents deep");
            return null;
        }
        if (set.Loaded >= MaxDocuments)
        {
            set.Refuse(document, reference, $"more than {MaxDocuments} referenced documents");
            return null;
        }
        OpenApiRefFetch fetched;
        try
        {
            fetched = await _source.FetchAsync(reference, document, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            fetched = OpenApiRefFetch.Refused("the scan's time limit was reached");
        }
        if (fetched.Text is not { } text)
        {
            set.Refuse(document, reference, fetched.Refusal ?? "cannot be loaded");
            return null;
        }
        if ((_chars += text.Length) > MaxTotalChars)
        {
            set.Refuse(document, reference, $"referenced documents larger than {MaxTotalChars / 1_000_000} MB together");
            return null;
        }
        JsonNode? node;
        try
        {
            node = OpenApiReader.Parse(text, ref _nodeBudget);
        }
        catch (OpenApiException ex)
        {
            set.Refuse(document, reference, $"invalid document: {ex.Message}");
            return null;
        }
        set.Add(document, node);
        return node is null ? null : (node, document, depth + 1);
    }

    /// <summary>Distinct <c>$ref</c> values of a document that name another document, in document order.</summary>
    internal static List<string> References(JsonNode root)
    {
        var found = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<JsonNode>();
        stack.Push(root);
        while (stack.TryPop(out var node))
        {
            switch (node)
            {
                case JsonObject obj:
                    if (obj["$ref"] is JsonValue value && value.TryGetValue<string>(out var reference) && !reference.StartsWith('#') && seen.Add(reference))
                    {
                        found.Add(reference);
                    }
                    foreach (var (_, child) in obj.Reverse())
                    {
                        if (child is not null)
                        {
                            stack.Push(child);
                        }
                    }
                    break;
                case JsonArray array:
                    for (var i = array.Count - 1; i >= 0; i--)
                    {
                        if (array[i] is { } child)
                        {
                            stack.Push(child);
                        }
                    }
                    break;
            }
        }
        return found;
    }
}
