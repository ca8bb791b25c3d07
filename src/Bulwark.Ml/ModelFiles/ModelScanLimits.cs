namespace Bulwark.Ml.ModelFiles;

/// <summary>Bounds for untrusted model files. Defaults are documented in docs/models.md; every analyzer honours them.</summary>
internal sealed record ModelScanLimits
{
    /// <summary>Pickle opcodes executed per pickle stream (each takes at least one byte, so the byte limit bounds them too).</summary>
    public int MaxPickleOpcodes { get; init; } = 1_500_000_000;

    /// <summary>Pickle stack entries: a deeper stack stops the analysis with a finding.</summary>
    public int MaxPickleStack { get; init; } = 1_000_000;

    /// <summary>
    /// Pickle memo entries remembered. Big data pickles memoize every object; past this many, only imported
    /// globals are remembered and a reference to anything else reads as unknown (a STACK_GLOBAL built from one
    /// is then reported as dynamic): memory stays bounded and the rest of the stream is still analyzed.
    /// </summary>
    public int MaxPickleMemo { get; init; } = 1_000_000;

    /// <summary>Bytes of pickle (or other metadata) analyzed per member; larger ones are analyzed up to here and reported.</summary>
    public long MaxPickleBytes { get; init; } = 1L << 30;

    /// <summary>Nesting of archives inside archives.</summary>
    public int MaxArchiveDepth { get; init; } = 4;

    /// <summary>Members read per archive.</summary>
    public int MaxArchiveMembers { get; init; } = 100_000;

    /// <summary>Bytes one decompressed member may expand to.</summary>
    public long MaxMemberBytes { get; init; } = 4L << 30;

    /// <summary>Bytes of a JSON/YAML/protobuf header or config read into memory (safetensors header, Keras config, GGUF metadata).</summary>
    public int MaxMetadataBytes { get; init; } = 100 << 20;

    /// <summary>Wall time per file before the analysis stops with a notice.</summary>
    public TimeSpan MaxTimePerFile { get; init; } = TimeSpan.FromSeconds(60);
}
