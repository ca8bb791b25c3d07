namespace Bulwark.Ml.Evaluation;

/// <summary>A model the metrics must belong to: where its digest came from (the --model file or a provenance subject) and the digest.</summary>
internal sealed record ReleasedModel(string Source, string Name, byte[] Sha256);
