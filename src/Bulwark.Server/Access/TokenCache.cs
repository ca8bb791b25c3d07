using System.Collections.Concurrent;

namespace Bulwark.Server.Access;

/// <summary>
/// Remembers recently validated tokens so an API call does not cost two database queries before its handler
/// runs. Only what validation needs is kept (the secret's hash, never the secret), each entry for at most
/// <see cref="Lifetime"/>; revoking a token, or disabling or changing the role of its owner, through this
/// process drops the entries at once. Changes made by another server process take effect within
/// <see cref="Lifetime"/> (documented in docs/permissions.md).
/// </summary>
internal sealed class TokenCache(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(10);

    /// <summary>More live tokens than this in <see cref="Lifetime"/> is not a cache's job; it starts again empty.</summary>
    public const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    internal sealed record Entry(ApiToken Token, string UserName, bool IsAdmin, long LoadedAt);

    public Entry? Get(string tokenId)
    {
        if (!_entries.TryGetValue(tokenId, out var entry))
        {
            return null;
        }
        if (time.GetElapsedTime(entry.LoadedAt) <= Lifetime)
        {
            return entry;
        }
        _entries.TryRemove(new KeyValuePair<string, Entry>(tokenId, entry));
        return null;
    }

    public void Add(ApiToken token, string userName, bool isAdmin)
    {
        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }
        _entries[token.Id] = new Entry(token, userName, isAdmin, time.GetTimestamp());
    }

    public void Forget(string tokenId) => _entries.TryRemove(tokenId, out _);

    /// <summary>Drops every token of a user whose account changed (disabled, role, sessions ended).</summary>
    public void ForgetUser(string userId)
    {
        foreach (var (id, entry) in _entries)
        {
            if (entry.Token.UserId == userId)
            {
                _entries.TryRemove(id, out _);
            }
        }
    }
}
