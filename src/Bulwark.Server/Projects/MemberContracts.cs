using Bulwark.Server.Access;

namespace Bulwark.Server.Projects;

/// <summary>Body of <c>POST /api/v1/projects/{name}/members</c>; role is viewer, developer, maintainer or owner.</summary>
internal sealed record AddMemberRequest(string Username, string Role);

/// <summary>Body of <c>PUT /api/v1/projects/{name}/members/{username}</c>.</summary>
internal sealed record ChangeMemberRoleRequest(string Role);

/// <summary>One member as the API shows it.</summary>
internal sealed record MemberResponse(string Username, ProjectRole Role, DateTime AddedAt);
