using System.Data.Common;
using System.Runtime.CompilerServices;
using Bulwark.Server.Access;
using Bulwark.Server.Identity;
using Bulwark.Server.Projects;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Bulwark.Server.Storage;

/// <summary>
/// Drops cached reads when a save changes what they were read from, on every write path alike (API, pages,
/// Identity's own saves, tests writing to the database): a changed project or membership empties
/// <see cref="ProjectListCache"/>; a changed or removed token, or user (disabled, locked out, role, security stamp),
/// drops its entries in <see cref="TokenCache"/>. Invalidating only once the change is committed matters: a
/// request reading between the save and the commit would otherwise put the old state back for a whole lifetime.
/// Inside an explicit transaction the caches are dropped after the save and again at the commit. Bulk updates
/// (<c>ExecuteUpdate</c>) bypass this and must not touch these tables.
/// </summary>
internal sealed class CacheInvalidation(ProjectListCache projectLists, TokenCache tokens) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    private readonly ConditionalWeakTable<DbContext, Pending> _pending = [];

    private sealed class Pending
    {
        public bool ProjectLists;
        public readonly HashSet<string> Tokens = new(StringComparer.Ordinal);
        public readonly HashSet<string> Users = new(StringComparer.Ordinal);
    }

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Collect(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Collect(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Apply(eventData.Context, committed: eventData.Context?.Database.CurrentTransaction is null);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Apply(eventData.Context, committed: eventData.Context?.Database.CurrentTransaction is null);
        return ValueTask.FromResult(result);
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData) => Apply(eventData.Context, committed: eventData.Context?.Database.CurrentTransaction is null);

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        SaveChangesFailed(eventData);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Apply(eventData.Context, committed: true);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        TransactionCommitted(transaction, eventData);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Apply(eventData.Context, committed: true);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        TransactionRolledBack(transaction, eventData);
        return Task.CompletedTask;
    }

    private void Collect(DbContext? context)
    {
        if (context is null)
        {
            return;
        }
        Pending? pending = null;
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }
            switch (entry.Entity)
            {
                case Project or ProjectMember:
                    (pending ??= _pending.GetOrCreateValue(context)).ProjectLists = true;
                    break;
                // A new token or user is in no cache yet.
                case ApiToken token when entry.State != EntityState.Added:
                    (pending ??= _pending.GetOrCreateValue(context)).Tokens.Add(token.Id);
                    break;
                case BulwarkUser user when entry.State != EntityState.Added:
                    (pending ??= _pending.GetOrCreateValue(context)).Users.Add(user.Id);
                    break;
            }
        }
    }

    /// <summary>Drops what the pending changes affect; forgets them once they are committed (or rolled back).</summary>
    private void Apply(DbContext? context, bool committed)
    {
        if (context is null || !_pending.TryGetValue(context, out var pending))
        {
            return;
        }
        if (pending.ProjectLists)
        {
            projectLists.Invalidate();
        }
        foreach (var id in pending.Tokens)
        {
            tokens.Forget(id);
        }
        foreach (var id in pending.Users)
        {
            tokens.ForgetUser(id);
        }
        if (committed)
        {
            _pending.Remove(context);
        }
    }
}
