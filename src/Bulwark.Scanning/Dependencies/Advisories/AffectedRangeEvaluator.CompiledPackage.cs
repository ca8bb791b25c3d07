using Bulwark.Scanning.Dependencies.Versions;

namespace Bulwark.Scanning.Dependencies.Advisories;

internal static partial class AffectedRangeEvaluator
{
    /// <summary>An <see cref="AffectedPackage"/> with its versions parsed once.</summary>
    private sealed class CompiledPackage
    {
        private CompiledPackage(
            IVersionScheme? scheme,
            IReadOnlyList<CompiledRange> ranges,
            ListedVersions versions,
            IReadOnlyList<PackageVersion> fixedVersions,
            IReadOnlyList<string> problems)
        {
            Scheme = scheme;
            Ranges = ranges;
            Versions = versions;
            FixedVersions = fixedVersions;
            Problems = problems;
        }

        /// <summary>The ecosystem's scheme; null for an ecosystem Bulwark cannot order.</summary>
        public IVersionScheme? Scheme { get; }

        public IReadOnlyList<CompiledRange> Ranges { get; }

        /// <summary><c>versions[]</c>, parsed on demand.</summary>
        public ListedVersions Versions { get; }

        public IReadOnlyList<PackageVersion> FixedVersions { get; }

        /// <summary>Why ranges were skipped.</summary>
        public IReadOnlyList<string> Problems { get; }

        public static CompiledPackage From(AffectedPackage affected)
        {
            var scheme = VersionSchemes.ForEcosystem(affected.Ecosystem);
            var versions = new ListedVersions(affected.Versions, scheme);
            if (scheme is null)
            {
                return new CompiledPackage(null, [], versions, [], []);
            }
            var ranges = new List<CompiledRange>();
            var problems = new List<string>();
            var fixedVersions = new List<PackageVersion>();
            for (var i = 0; i < affected.Ranges.Count; i++)
            {
                var range = affected.Ranges[i];
                if (range.Type == RangeType.Git)
                {
                    continue;
                }
                var rangeScheme = range.Type == RangeType.Semver && !ReferenceEquals(scheme, VersionSchemes.Go)
                    ? VersionSchemes.SemVer
                    : scheme;
                if (CompiledRange.TryCompile(range, i, rangeScheme, problems) is { } compiled)
                {
                    ranges.Add(compiled);
                }
                AddFixedVersions(range, scheme, fixedVersions);
            }
            return new CompiledPackage(scheme, ranges, versions, fixedVersions, problems);
        }

        /// <summary>Adds the range's parseable <c>fixed</c> versions, keeping the list sorted and free of equal versions.</summary>
        private static void AddFixedVersions(AffectedRange range, IVersionScheme scheme, List<PackageVersion> fixedVersions)
        {
            foreach (var evt in range.Events)
            {
                if (evt.Kind != RangeEventKind.Fixed || !scheme.TryParse(evt.Version, out var version))
                {
                    continue;
                }
                var index = fixedVersions.BinarySearch(version);
                if (index < 0)
                {
                    fixedVersions.Insert(~index, version);
                }
            }
        }
    }
}
