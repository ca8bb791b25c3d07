using System.Text.Json.Nodes;

namespace Bulwark.Scanning.Web.Discovery;

/// <summary>
/// The document given to the scan plus the documents its <c>$ref</c>s lead to, as loaded by
/// <see cref="OpenApiRefLoader"/>. A node knows its document through its tree's root, so a reference is resolved
/// against the document it appears in — also when that document was itself reached through a reference.
/// </summary>
internal sealed class OpenApiDocumentSet
{
    private readonly Dictionary<JsonNode, Uri> _baseOf = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, JsonNode?> _documents = new(StringComparer.Ordinal);
    private readonly HashSet<string> _refused = new(StringComparer.Ordinal);
    private readonly List<string> _problems = [];

    /// <param name="root">The parsed document given to the scan.</param>
    /// <param name="location">Where it came from (a <c>file:</c> or <c>http(s):</c> URI); null when unknown, and then only references inside it are followed.</param>
    public OpenApiDocumentSet(JsonNode? root, Uri? location)
    {
        Root = root;
        Location = location;
        if (location is not null)
        {
            Add(location, root);
        }
    }

    public JsonNode? Root { get; }

    public Uri? Location { get; }

    /// <summary>Documents besides the root.</summary>
    public int Loaded => _documents.Count - (Location is null ? 0 : 1);

    /// <summary>References refused or not loadable, each naming the reference and the reason; the reader reports them first.</summary>
    public IReadOnlyList<string> Problems => _problems;

    /// <summary>A document set of one text with no location (no reference to another document can be followed).</summary>
    public static OpenApiDocumentSet Single(JsonNode? root) => new(root, null);

    public bool Contains(Uri document) => _documents.ContainsKey(OpenApiPointer.Key(document));

    public bool IsRefused(Uri document) => _refused.Contains(OpenApiPointer.Key(document));

    public bool TryGet(Uri document, out JsonNode? root) => _documents.TryGetValue(OpenApiPointer.Key(document), out root);

    /// <summary>The location of the document whose tree <paramref name="node"/> belongs to; null for the root without location or a detached node.</summary>
    public Uri? LocationOf(JsonNode node) => _baseOf.GetValueOrDefault(node.Root);

    internal void Add(Uri document, JsonNode? root)
    {
        _documents[OpenApiPointer.Key(document)] = root;
        if (root is not null)
        {
            _baseOf[root] = document;
        }
    }

    internal void Refuse(Uri? document, string reference, string reason)
    {
        if (document is not null)
        {
            _refused.Add(OpenApiPointer.Key(document));
        }
        Problem($"reference '{OpenApiReader.Short(reference)}' not followed: {reason}");
    }

    internal void Problem(string message)
    {
        if (_problems.Count < OpenApiRefLoader.MaxProblems && !_problems.Contains(message))
        {
            _problems.Add(message);
        }
    }
}
