using Bulwark.Server.Runs;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Bulwark.Server.Artifacts;

internal sealed class RunArtifactMapping : IEntityTypeConfiguration<RunArtifact>
{
    public void Configure(EntityTypeBuilder<RunArtifact> builder)
    {
        builder.ToTable("RunArtifacts");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Path).HasMaxLength(ArtifactPath.MaxLength);
        builder.Property(a => a.Sha256).HasMaxLength(64);
        builder.HasIndex(a => new { a.JobId, a.Path }).IsUnique();
        builder.HasIndex(a => a.RunId);
        builder.HasOne<PipelineRun>().WithMany().HasForeignKey(a => a.RunId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<RunJob>().WithMany().HasForeignKey(a => a.JobId).OnDelete(DeleteBehavior.Cascade);
    }
}
