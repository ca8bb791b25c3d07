using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Bulwark.Server.Secrets;

internal sealed class StoredSecretMapping : IEntityTypeConfiguration<StoredSecret>
{
    public void Configure(EntityTypeBuilder<StoredSecret> builder)
    {
        builder.ToTable("Secrets");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Scope).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.Environment).HasMaxLength(64);
        builder.Property(s => s.Name).HasMaxLength(SecretName.MaxLength);
        builder.Property(s => s.CreatedBy).HasMaxLength(256);
        builder.Property(s => s.UpdatedBy).HasMaxLength(256);
        builder.HasIndex(s => new { s.Scope, s.ProjectId, s.Environment, s.Name }).IsUnique();
        builder.HasMany(s => s.Versions).WithOne(v => v.Secret).HasForeignKey(v => v.SecretId).OnDelete(DeleteBehavior.Cascade);
    }
}
