using Bulwark.Server.Configuration;
using Bulwark.Server.Operations;
using Bulwark.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Server.Settings;

/// <summary>
/// Organisation-wide settings that administrators change at run time (stored as <see cref="ServerSetting"/> rows;
/// the server's start-up options give the defaults). Read on every permission check, so the value is kept for
/// <see cref="Lifetime"/>; a change made through this process applies at once, through another within that time.
/// </summary>
internal sealed class OrganizationSettings(ServerOptions options, TimeProvider time)
{
    public const string RequireMfaKey = "require-mfa";
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(10);

    private readonly Lock _lock = new();
    private bool _requireMfa;
    private long _loadedAt = long.MinValue;

    public async Task<bool> RequireMfaAsync(BulwarkDbContext db, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_loadedAt != long.MinValue && time.GetElapsedTime(_loadedAt) <= Lifetime)
            {
                return _requireMfa;
            }
        }
        var stored = await db.ServerSettings.AsNoTracking().Where(s => s.Key == RequireMfaKey).Select(s => s.Value).FirstOrDefaultAsync(cancellationToken);
        var value = stored is null ? options.RequireMfaForPrivilegedRoles : stored == "true";
        Remember(value);
        return value;
    }

    /// <summary>Stores the new value on <paramref name="db"/> (the caller saves it with its audit entry) and applies it here at once.</summary>
    public async Task<bool> SetRequireMfaAsync(BulwarkDbContext db, bool value, string? actor, CancellationToken cancellationToken)
    {
        var previous = await RequireMfaAsync(db, cancellationToken);
        var row = await db.ServerSettings.FirstOrDefaultAsync(s => s.Key == RequireMfaKey, cancellationToken);
        if (row is null)
        {
            row = new ServerSetting { Key = RequireMfaKey, Value = "" };
            db.ServerSettings.Add(row);
        }
        row.Value = value ? "true" : "false";
        row.UpdatedAt = time.GetUtcNow().UtcDateTime;
        row.UpdatedBy = actor;
        Remember(value);
        return previous;
    }

    private void Remember(bool value)
    {
        lock (_lock)
        {
            _requireMfa = value;
            _loadedAt = time.GetTimestamp();
        }
    }
}
