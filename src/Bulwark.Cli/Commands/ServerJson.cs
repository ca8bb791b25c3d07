using System.Text.Json;

namespace Bulwark.Cli.Commands;

/// <summary>The server's JSON conventions: camelCase names, indented when shown to people.</summary>
internal static class ServerJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static readonly JsonSerializerOptions Indented = new(JsonSerializerDefaults.Web) { WriteIndented = true };
}
