namespace Bulwark.Integrity.Hashing;

/// <summary>What <see cref="ModelTreeWalker"/> found: files sorted by name, and the ignored paths.</summary>
internal sealed record ModelTree(IReadOnlyList<ModelFile> Files, IReadOnlyList<string> Ignored);
