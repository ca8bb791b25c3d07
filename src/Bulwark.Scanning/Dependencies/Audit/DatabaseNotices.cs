using System.Globalization;
using Bulwark.Core.Findings;
using Bulwark.Scanning.Dependencies.Database;
using Bulwark.Scanning.Dependencies.Manifests;

namespace Bulwark.Scanning.Dependencies.Audit;

/// <summary>What an audit says about its database: what it holds, how old it is, and which audited ecosystems it lacks.</summary>
internal static class DatabaseNotices
{
    public static IEnumerable<Notice> Describe(DatabaseInfo info, IReadOnlyList<DeclaredPackage> packages, DateTimeOffset now, int maxAgeDays)
    {
        var held = info.Ecosystems.ToDictionary(e => e.Ecosystem, StringComparer.Ordinal);
        var used = packages
            .Where(p => p.Version is not null)
            .GroupBy(p => p.Ecosystem == Ecosystems.Conda ? Ecosystems.PyPI : p.Ecosystem, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        foreach (var ecosystem in info.Ecosystems)
        {
            var age = (now - ecosystem.SnapshotAt).TotalDays;
            yield return new Notice(NoticeLevel.Info, "advisory database",
                $"{ecosystem.Ecosystem}: {ecosystem.Advisories.ToString("N0", CultureInfo.InvariantCulture)} advisories, snapshot {ecosystem.SnapshotAt:yyyy-MM-dd} ({Days(age)} old), imported {ecosystem.ImportedAt:yyyy-MM-dd} from {ecosystem.Source}");
            if (age > maxAgeDays && used.ContainsKey(ecosystem.Ecosystem))
            {
                yield return new Notice(NoticeLevel.Warning, "advisory database",
                    $"{ecosystem.Ecosystem} advisories are {Days(age)} old (more than {maxAgeDays} days): newer advisories are missing; run `bulwark deps db update`");
            }
        }
        foreach (var (ecosystem, count) in used.Where(u => !held.ContainsKey(u.Key)).OrderBy(u => u.Key, StringComparer.Ordinal))
        {
            yield return new Notice(NoticeLevel.Warning, "advisory database",
                $"no {ecosystem} advisories in the database: {count} {ecosystem} package(s) were not checked; run `bulwark deps db update`");
        }
    }

    private static string Days(double days) => days < 1 ? "less than a day" : $"{Math.Floor(days).ToString(CultureInfo.InvariantCulture)} days";
}
