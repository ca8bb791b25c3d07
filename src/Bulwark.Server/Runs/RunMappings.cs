using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Bulwark.Server.Runs;

internal sealed class PipelineRunMapping : IEntityTypeConfiguration<PipelineRun>
{
    public void Configure(EntityTypeBuilder<PipelineRun> builder)
    {
        builder.ToTable("Runs");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Event).HasMaxLength(16);
        builder.Property(r => r.Ref).HasMaxLength(256);
        builder.Property(r => r.Commit).HasMaxLength(40);
        builder.Property(r => r.TriggeredBy).HasMaxLength(256);
        builder.Property(r => r.CancelRequestedBy).HasMaxLength(256);
        builder.Property(r => r.Reason).HasMaxLength(4096);
        builder.Property(r => r.ProvenanceSha256).HasMaxLength(64);
        builder.HasIndex(r => new { r.ProjectId, r.Number }).IsUnique();
        builder.HasIndex(r => r.Status);
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.HasOne(r => r.Project).WithMany().HasForeignKey(r => r.ProjectId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(r => r.Jobs).WithOne(j => j.Run).HasForeignKey(j => j.RunId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RunJobMapping : IEntityTypeConfiguration<RunJob>
{
    public void Configure(EntityTypeBuilder<RunJob> builder)
    {
        builder.ToTable("RunJobs");
        builder.HasKey(j => j.Id);
        builder.Property(j => j.Name).HasMaxLength(64);
        builder.Property(j => j.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(j => j.Needs).HasMaxLength(4096);
        builder.Property(j => j.Labels).HasMaxLength(1024);
        builder.Property(j => j.Environment).HasMaxLength(64);
        builder.Property(j => j.ConcurrencyGroup).HasMaxLength(256);
        builder.Property(j => j.LeasedBy).HasMaxLength(128);
        builder.Property(j => j.JobTokenHash).HasMaxLength(32);
        builder.Property(j => j.Reason).HasMaxLength(4096);
        builder.Ignore(j => j.NeedsList);
        builder.Ignore(j => j.LabelList);
        builder.HasIndex(j => new { j.RunId, j.Name }).IsUnique();
        builder.HasIndex(j => new { j.Status, j.QueuedAt });
        builder.HasMany(j => j.Steps).WithOne().HasForeignKey(s => s.JobId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RunJobStepMapping : IEntityTypeConfiguration<RunJobStep>
{
    public void Configure(EntityTypeBuilder<RunJobStep> builder)
    {
        builder.ToTable("RunJobSteps");
        builder.HasKey(s => new { s.JobId, s.Index });
        builder.Property(s => s.Name).HasMaxLength(256);
        builder.Property(s => s.Status).HasMaxLength(16);
    }
}

internal sealed class JobLogChunkMapping : IEntityTypeConfiguration<JobLogChunk>
{
    public void Configure(EntityTypeBuilder<JobLogChunk> builder)
    {
        builder.ToTable("JobLogChunks");
        builder.HasKey(c => c.Id);
        builder.HasIndex(c => new { c.JobId, c.Sequence }).IsUnique();
        builder.HasOne<RunJob>().WithMany().HasForeignKey(c => c.JobId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class JobLogArchiveMapping : IEntityTypeConfiguration<JobLogArchive>
{
    public void Configure(EntityTypeBuilder<JobLogArchive> builder)
    {
        builder.ToTable("JobLogs");
        builder.HasKey(a => a.JobId);
        builder.HasOne<RunJob>().WithOne().HasForeignKey<JobLogArchive>(a => a.JobId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class GateReportMapping : IEntityTypeConfiguration<GateReport>
{
    public void Configure(EntityTypeBuilder<GateReport> builder)
    {
        builder.ToTable("GateReports");
        builder.HasKey(g => g.Id);
        builder.Property(g => g.Gate).HasMaxLength(64);
        builder.HasIndex(g => new { g.JobId, g.StepIndex });
        builder.HasOne<RunJob>().WithMany().HasForeignKey(g => g.JobId).OnDelete(DeleteBehavior.Cascade);
    }
}
