using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Bulwark.Server.Runners;

internal sealed class RegisteredRunnerMapping : IEntityTypeConfiguration<RegisteredRunner>
{
    public void Configure(EntityTypeBuilder<RegisteredRunner> builder)
    {
        builder.ToTable("Runners");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).HasMaxLength(32);
        builder.Property(r => r.Name).HasMaxLength(RunnerRegistry.MaxNameLength);
        builder.Property(r => r.Labels).HasMaxLength(1024);
        builder.Property(r => r.CredentialHash).HasMaxLength(32);
        builder.Property(r => r.RegistrationTokenId).HasMaxLength(32);
        builder.Property(r => r.LastSeenFrom).HasMaxLength(64);
        builder.Property(r => r.DisabledBy).HasMaxLength(256);
        builder.Ignore(r => r.LabelList);
        builder.Ignore(r => r.LeaseHolder);
    }
}

internal sealed class RunnerRegistrationTokenMapping : IEntityTypeConfiguration<RunnerRegistrationToken>
{
    public void Configure(EntityTypeBuilder<RunnerRegistrationToken> builder)
    {
        builder.ToTable("RunnerRegistrationTokens");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).HasMaxLength(32);
        builder.Property(t => t.SecretHash).HasMaxLength(32);
        builder.Property(t => t.CreatedBy).HasMaxLength(256);
        builder.Property(t => t.RunnerId).HasMaxLength(32);
    }
}
