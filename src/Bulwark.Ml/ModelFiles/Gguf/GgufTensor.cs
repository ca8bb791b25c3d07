namespace Bulwark.Ml.ModelFiles.Gguf;

/// <summary>One entry of the GGUF tensor table; <see cref="Offset"/> is relative to the aligned data section.</summary>
internal sealed record GgufTensor(string Name, ulong[] Shape, uint Type, ulong Offset, long HeaderOffset);
