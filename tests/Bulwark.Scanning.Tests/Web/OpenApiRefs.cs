using Bulwark.Scanning.Web.Discovery;

namespace Bulwark.Scanning.Tests.Web;

/// <summary>Reads a local OpenAPI file the way the scan does: its folder's referenced documents loaded first.</summary>
internal static class OpenApiRefs
{
    public static async Task<(OpenApiDocumentSet Set, OpenApiDocument Document)> ReadFileAsync(string path)
    {
        var budget = OpenApiReader.MaxNodes;
        var root = OpenApiReader.Parse(await File.ReadAllTextAsync(path), ref budget);
        var set = await OpenApiRefLoader.LoadAsync(root, OpenApiFolderSource.Location(path), new OpenApiFolderSource(Path.GetDirectoryName(path)!), CancellationToken.None);
        return (set, OpenApiReader.Read(set));
    }
}
