using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Bulwark.Server.Projects;

internal sealed class ProjectMapping : IEntityTypeConfiguration<Project>
{
    public void Configure(EntityTypeBuilder<Project> builder)
    {
        builder.HasKey(p => p.Id);
        builder.HasIndex(p => p.Name).IsUnique();
        builder.Property(p => p.Name).HasMaxLength(ProjectName.MaxLength);
        builder.Property(p => p.Description).HasMaxLength(1000);
        builder.Property(p => p.RepositoryUrl).HasMaxLength(2048);
        builder.Property(p => p.CredentialReference).HasMaxLength(200);
        builder.Property(p => p.ProtectedBranches).HasMaxLength(2048).HasDefaultValue(Project.DefaultProtectedBranches);
        builder.Ignore(p => p.ProtectedBranchList);
        builder.HasMany(p => p.Members).WithOne(m => m.Project).HasForeignKey(m => m.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}
