namespace Bulwark.Server.Web.Pages.Projects;

/// <summary>The set-secret form: lists are comma-separated, as a person types them; SecretStore checks everything.</summary>
internal sealed class SecretForm
{
    public string? Name { get; set; }

    public string? Environment { get; set; }

    public string? Value { get; set; }

    public string? Branches { get; set; }

    public bool ProtectedOnly { get; set; }

    public string? Events { get; set; }

    public string? Jobs { get; set; }

    /// <summary>Null for an empty box, so a rule left blank keeps its current setting.</summary>
    public static List<string>? List(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
