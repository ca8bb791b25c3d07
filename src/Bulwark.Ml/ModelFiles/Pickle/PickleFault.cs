namespace Bulwark.Ml.ModelFiles.Pickle;

/// <summary>
/// Something CPython's unpickler would also fail on (truncation, stack underflow, a missing memo key, an unknown
/// opcode) or a limit of the analysis. Thrown inside the machine only; the analyzer turns it into a finding.
/// </summary>
internal sealed class PickleFault(string message, long offset, bool truncated = false) : Exception(message)
{
    public long Offset { get; } = offset;

    /// <summary>The stream ended (or hit the byte budget) inside an opcode.</summary>
    public bool Truncated { get; } = truncated;
}
