namespace Bulwark.Server.Secrets;

/// <summary>What a rotation did: key ids (fingerprints, not keys) and counts.</summary>
internal sealed record MasterKeyRotationResult(string OldKeyId, string NewKeyId, int RewrappedVersions, int WebhookSecrets, long AuditEntries, bool Resumed, bool FromEnvironment);
