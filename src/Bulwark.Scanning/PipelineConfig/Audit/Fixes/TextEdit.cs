namespace Bulwark.Scanning.PipelineConfig.Audit.Fixes;

/// <summary>Replace the characters [Start, End) of a file's text with <see cref="Text"/> (Start == End inserts).</summary>
internal readonly record struct TextEdit(int Start, int End, string Text);

/// <summary>A fix a check asks for; <see cref="Plan"/> turns it into edits of the file's text, or none when it cannot be done safely.</summary>
internal abstract record FixRequest(string Description)
{
    public abstract IReadOnlyList<TextEdit> Plan(AuditFile file);
}
