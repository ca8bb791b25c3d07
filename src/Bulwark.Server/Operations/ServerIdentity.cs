namespace Bulwark.Server.Operations;

/// <summary>Facts about this server instance shown to people: the TLS certificate fingerprint (null over plain HTTP).</summary>
internal sealed record ServerIdentity(string? CertificateFingerprint);
