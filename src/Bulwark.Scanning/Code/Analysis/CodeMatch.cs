using Bulwark.Scanning.Code.Rules;

namespace Bulwark.Scanning.Code.Analysis;

/// <summary>A rule that matched at an offset of the analysed text; <see cref="Source"/> is set for data-flow rules.</summary>
internal sealed record CodeMatch(CodeRule Rule, int Offset, string Subject, Taint? Source);
