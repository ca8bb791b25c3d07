using Bulwark.Server.Access;
using Bulwark.Server.Artifacts;
using Bulwark.Server.Audit;
using Bulwark.Server.Identity;
using Bulwark.Server.Operations;
using Bulwark.Server.Projects;
using Bulwark.Server.Runners;
using Bulwark.Server.Runs;
using Bulwark.Server.Secrets;
using Bulwark.Server.Webhooks;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Server.Storage;

/// <summary>
/// The one data model. Each provider has a sealed subclass only so that it can own its migrations
/// (<c>Storage/Migrations/Sqlite</c>, <c>Storage/Migrations/Postgres</c>); the model itself is identical.
/// Entity mappings live beside their entities (<c>*Mapping.cs</c>, <see cref="IEntityTypeConfiguration{T}"/>).
/// </summary>
internal abstract class BulwarkDbContext(DbContextOptions options) : IdentityDbContext<BulwarkUser>(options)
{
    public DbSet<Project> Projects => Set<Project>();

    public DbSet<ProjectMember> ProjectMembers => Set<ProjectMember>();

    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<ServerSetting> ServerSettings => Set<ServerSetting>();

    public DbSet<StoredSecret> Secrets => Set<StoredSecret>();

    public DbSet<SecretVersion> SecretVersions => Set<SecretVersion>();

    public DbSet<PipelineRun> Runs => Set<PipelineRun>();

    public DbSet<RunJob> RunJobs => Set<RunJob>();

    public DbSet<RunJobStep> RunJobSteps => Set<RunJobStep>();

    public DbSet<JobLogChunk> JobLogChunks => Set<JobLogChunk>();

    public DbSet<JobLogArchive> JobLogs => Set<JobLogArchive>();

    public DbSet<GateReport> GateReports => Set<GateReport>();

    public DbSet<ReceivedDelivery> ReceivedDeliveries => Set<ReceivedDelivery>();

    public DbSet<RunArtifact> RunArtifacts => Set<RunArtifact>();

    public DbSet<RegisteredRunner> Runners => Set<RegisteredRunner>();

    public DbSet<RunnerRegistrationToken> RunnerRegistrationTokens => Set<RunnerRegistrationToken>();

    /// <summary>Every time is UTC; SQLite forgets the kind on the way back, so it is restored on read.</summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(BulwarkDbContext).Assembly);
    }
}
