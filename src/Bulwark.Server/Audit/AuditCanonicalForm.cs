using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Bulwark.Server.Audit;

/// <summary>
/// The exact bytes an entry's hash covers: a JSON object with fixed key order, the time in UTC with
/// millisecond precision (both SQLite and PostgreSQL round-trip it), and the details already canonical.
/// Changing this format breaks every existing chain, so it is versioned by the "v" field.
/// </summary>
internal static class AuditCanonicalForm
{
    public const int Version = 1;

    /// <summary>Timestamps are stored truncated to this precision so the database returns exactly what was hashed.</summary>
    public static DateTime Truncate(DateTime utc) => new(utc.Ticks - utc.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);

    public static byte[] ComputeHash(AuditEntry entry)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("v", Version);
            json.WriteNumber("seq", entry.Sequence);
            json.WriteString("ts", entry.Timestamp.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            json.WriteString("action", entry.Action);
            json.WriteString("outcome", entry.Outcome);
            json.WriteString("actorId", entry.ActorId);
            json.WriteString("actorName", entry.ActorName);
            json.WriteString("ip", entry.SourceIp);
            json.WriteString("target", entry.Target);
            json.WriteString("details", entry.Details);
            json.WriteString("prev", Convert.ToHexStringLower(entry.PreviousHash));
            json.WriteEndObject();
        }
        return SHA256.HashData(buffer.WrittenSpan);
    }

    public static byte[] ComputeSeal(byte[] sealKey, byte[] hash) => HMACSHA256.HashData(sealKey, hash);

    /// <summary>Details as a JSON object with keys in ordinal order and no whitespace.</summary>
    public static string Details(IReadOnlyDictionary<string, string?> details)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var key in details.Keys.Order(StringComparer.Ordinal))
            {
                json.WriteString(key, details[key]);
            }
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
