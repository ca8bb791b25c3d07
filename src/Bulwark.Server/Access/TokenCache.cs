using System.Collections.Concurrent;

namespace Bulwark.Server.Access;

/// <summary>
/// Remembers recently validated tokens so an API call does not cost two database queries before its handler
/// runs. Only what validation needs is kept (the secret's hash, never the secret), each entry for at most
/// <see cref="Lifetime"/>. Revoking a token, or disabling, locking out or changing the role of its owner, drops
/// the entries at once, and again once the change is committed (<see cref="Storage.CacheInvalidation"/>); a token
/// loaded while such a change was being made is not kept (<see cref="Generation"/>), so the next request after a
/// change always sees it. Changes made by another server process take effect within <see cref="Lifetime"/>
/// (documented in docs/permissions.md).
/// </summary>
internal sealed class TokenCache(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(10);

    /// <summary>More live tokens than this in <see cref="Lifetime"/> is not a cache's job; it starts again empty.</summary>
    public const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private long _generation;

    internal sealed record Entry(ApiToken Token, string UserName, bool IsAdmin, long LoadedAt);

    /// <summary>Read before loading a token; <see cref="Add"/> keeps it only if nothing was dropped since.</summary>
    public long Generation => Interlocked.Read(ref _generation);

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

    /// <summary>The entry for a token loaded after reading <paramref name="generation"/>; kept only if no entry was dropped in between.</summary>
    public Entry Add(ApiToken token, string userName, bool isAdmin, long generation)
    {
        var entry = new Entry(token, userName, isAdmin, time.GetTimestamp());
        lock (_lock)
        {
            if (generation == _generation)
            {
                if (_entries.Count >= MaxEntries)
                {
                    _entries.Clear();
                }
                _entries[token.Id] = entry;
            }
        }
        return entry;
    }

    public void Forget(string tokenId)
    {
        lock (_lock)
        {
            Interlocked.Increment(ref _generation);
            _entries.TryRemove(tokenId, out _);
        }
    }

    /// <summary>Drops every token of a user whose account changed (disabled, role, lockout, sessions ended).</summary>
    public void ForgetUser(string userId)
    {
        lock (_lock)
        {
            Interlocked.Increment(ref _generation);
            foreach (var (id, entry) in _entries)
            {
                if (entry.Token.UserId == userId)
                {
                    _entries.TryRemove(id, out _);
                }
            }
        }
    }
}
