namespace Bulwark.Server.Users;

/// <summary>Body of <c>POST /api/v1/users</c>. The password goes through the full password policy.</summary>
internal sealed record CreateUserRequest(string Username, string Password, bool Admin = false);

/// <summary>Body of <c>PUT /api/v1/users/{username}/role</c>: organisation administrator or member.</summary>
internal sealed record ChangeUserRoleRequest(bool Admin);

/// <summary>A user as administrators see them: never a password hash, security stamp or MFA secret.</summary>
internal sealed record UserResponse(string Username, bool Admin, bool Disabled, bool MfaEnabled, bool LockedOut, DateTime CreatedAt, DateTime? LastSignInAt);
