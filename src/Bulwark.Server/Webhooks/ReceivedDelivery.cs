using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Bulwark.Server.Webhooks;

/// <summary>A delivery id already accepted from a Git host: the same id again is a replay and is refused.</summary>
internal sealed class ReceivedDelivery
{
    /// <summary>github, gitlab or gitea.</summary>
    public required string Provider { get; set; }

    public required string DeliveryId { get; set; }

    public Guid ProjectId { get; set; }

    public DateTime ReceivedAt { get; set; }
}

internal sealed class ReceivedDeliveryMapping : IEntityTypeConfiguration<ReceivedDelivery>
{
    public void Configure(EntityTypeBuilder<ReceivedDelivery> builder)
    {
        builder.ToTable("WebhookDeliveries");
        builder.HasKey(d => new { d.Provider, d.DeliveryId });
        builder.Property(d => d.Provider).HasMaxLength(16);
        builder.Property(d => d.DeliveryId).HasMaxLength(128);
        builder.HasIndex(d => d.ReceivedAt);
    }
}
