using System.Text.Json;

namespace Bulwark.Server.Audit;

/// <summary>
/// One entry as exported (JSON Lines) and listed by the API: details as a JSON object, hashes in lower-case hex,
/// the time in UTC. A details value that is not valid JSON (a tampered row) is passed on as a string, not dropped.
/// </summary>
internal sealed record AuditRecord(
    long Sequence,
    DateTime Timestamp,
    string Action,
    string Outcome,
    string? Actor,
    string? ActorId,
    string? Ip,
    string? Target,
    JsonElement Details,
    string Hash,
    string PreviousHash)
{
    public static AuditRecord From(AuditEntry entry) => new(
        entry.Sequence,
        entry.Timestamp,
        entry.Action,
        entry.Outcome,
        entry.ActorName,
        entry.ActorId,
        entry.SourceIp,
        entry.Target,
        ParseDetails(entry.Details),
        Convert.ToHexStringLower(entry.Hash),
        Convert.ToHexStringLower(entry.PreviousHash));

    private static JsonElement ParseDetails(string details)
    {
        try
        {
            using var document = JsonDocument.Parse(details);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document.RootElement.Clone();
            }
        }
        catch (JsonException)
        {
            // Fall through: shown verbatim below.
        }
        return JsonSerializer.SerializeToElement(details);
    }
}
