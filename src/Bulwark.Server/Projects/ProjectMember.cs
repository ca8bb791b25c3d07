using Bulwark.Server.Access;
using Bulwark.Server.Identity;

namespace Bulwark.Server.Projects;

/// <summary>One user's role in one project.</summary>
internal sealed class ProjectMember
{
    public Guid ProjectId { get; set; }

    public Project? Project { get; set; }

    public required string UserId { get; set; }

    public BulwarkUser? User { get; set; }

    public ProjectRole Role { get; set; }

    public DateTime AddedAt { get; set; }
}
