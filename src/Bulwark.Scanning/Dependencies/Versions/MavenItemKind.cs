namespace Bulwark.Scanning.Dependencies.Versions;

/// <summary>What a <see cref="MavenItem"/> holds.</summary>
internal enum MavenItemKind
{
    Number,
    Qualifier,
    List,
}
