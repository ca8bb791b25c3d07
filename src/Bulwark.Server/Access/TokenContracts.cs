namespace Bulwark.Server.Access;

/// <summary>Body of <c>POST /api/v1/tokens</c>. <see cref="ExpiresInDays"/> defaults to <see cref="PersonalTokens.DefaultExpiryDays"/>.</summary>
internal sealed record CreateTokenRequest(string Name, IReadOnlyList<string> Scopes, int? ExpiresInDays = null);

/// <summary>A token as listings show it: never the secret or its hash. <see cref="Token"/> is set only in the creation answer.</summary>
internal sealed record TokenResponse(
    string Id,
    string Name,
    IReadOnlyList<string> Scopes,
    DateTime CreatedAt,
    DateTime? ExpiresAt,
    DateTime? LastUsedAt,
    DateTime? RevokedAt,
    string? Token = null);
