using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Bulwark.Server.Audit;

internal sealed class AuditEntryMapping : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.HasKey(e => e.Sequence);
        // The application numbers entries itself (last + 1) so the chain order is explicit and gap-free.
        builder.Property(e => e.Sequence).ValueGeneratedNever();
        builder.Property(e => e.Action).HasMaxLength(100);
        builder.Property(e => e.Outcome).HasMaxLength(20);
        builder.Property(e => e.ActorId).HasMaxLength(100);
        builder.Property(e => e.ActorName).HasMaxLength(256);
        builder.Property(e => e.SourceIp).HasMaxLength(64);
        builder.Property(e => e.Target).HasMaxLength(300);
        builder.HasIndex(e => e.Timestamp);
        builder.HasIndex(e => e.Action);
    }
}
