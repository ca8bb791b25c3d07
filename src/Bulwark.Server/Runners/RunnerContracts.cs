namespace Bulwark.Server.Runners;

/// <summary>Body of <c>POST /api/v1/runners/registration-tokens</c>; the lifetime defaults to <see cref="RunnerRegistry.DefaultTokenMinutes"/>.</summary>
internal sealed record CreateRegistrationTokenRequest(int? ExpiresInMinutes = null);

/// <summary>A new registration token: <see cref="Token"/> is shown this once.</summary>
internal sealed record RegistrationTokenResponse(string Id, string Token, DateTime ExpiresAt);

/// <summary>A registered runner as administrators see it (never its credential or hash).</summary>
internal sealed record RunnerResponse(
    string Id,
    string Name,
    IReadOnlyList<string> Labels,
    DateTime CreatedAt,
    DateTime? LastSeenAt,
    string? LastSeenFrom,
    DateTime? DisabledAt,
    string? DisabledBy,
    int RunningJobs);
