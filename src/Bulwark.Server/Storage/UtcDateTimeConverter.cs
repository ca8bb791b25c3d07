using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Bulwark.Server.Storage;

/// <summary>Stores and returns <see cref="DateTime"/> values as UTC whatever kind the provider reports.</summary>
internal sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    value => value.Kind == DateTimeKind.Utc ? value : DateTime.SpecifyKind(value, DateTimeKind.Utc),
    value => DateTime.SpecifyKind(value, DateTimeKind.Utc));
