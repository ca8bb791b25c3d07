using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Bulwark.Server.Secrets;

internal sealed class SecretVersionMapping : IEntityTypeConfiguration<SecretVersion>
{
    public void Configure(EntityTypeBuilder<SecretVersion> builder)
    {
        builder.ToTable("SecretVersions");
        builder.HasKey(v => new { v.SecretId, v.Version });
        builder.Property(v => v.MasterKeyId).HasMaxLength(64);
        builder.Property(v => v.CreatedBy).HasMaxLength(256);
        builder.HasIndex(v => v.MasterKeyId);
    }
}
