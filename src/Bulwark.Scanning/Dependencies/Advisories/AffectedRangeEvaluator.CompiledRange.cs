using Bulwark.Scanning.Dependencies.Versions;

namespace Bulwark.Scanning.Dependencies.Advisories;

internal static partial class AffectedRangeEvaluator
{
    /// <summary>An <c>introduced</c>, <c>fixed</c> or <c>last_affected</c> event; a null version is <c>introduced: "0"</c>.</summary>
    private readonly record struct CompiledEvent(RangeEventKind Kind, PackageVersion? Version);

    /// <summary>One ECOSYSTEM or SEMVER range with every version parsed and the events sorted.</summary>
    private sealed class CompiledRange
    {
        private readonly CompiledEvent[] _events;
        private readonly PackageVersion[] _limits;
        private readonly bool _unlimited;

        /// <summary>Any parsed version of the range: tells which version type the installed version must have.</summary>
        private readonly PackageVersion? _sample;

        private CompiledRange(IVersionScheme scheme, CompiledEvent[] events, PackageVersion[] limits, bool unlimited)
        {
            Scheme = scheme;
            _events = events;
            _limits = limits;
            _unlimited = unlimited;
            _sample = limits.Length > 0 ? limits[0] : Array.Find(events, static e => e.Version is not null).Version;
        }

        public IVersionScheme Scheme { get; }

        /// <summary>
        /// Compiles <paramref name="range"/>, or returns null and adds a problem when a version in it does not parse
        /// (the range is then skipped rather than guessed at).
        /// </summary>
        public static CompiledRange? TryCompile(AffectedRange range, int index, IVersionScheme scheme, List<string> problems)
        {
            var events = new List<CompiledEvent>(range.Events.Count);
            var limits = new List<PackageVersion>();
            var unlimited = true;
            foreach (var evt in range.Events)
            {
                if (evt.Kind == RangeEventKind.Introduced && evt.Version.Trim() == "0")
                {
                    events.Add(new CompiledEvent(evt.Kind, null));
                    continue;
                }
                if (evt.Kind == RangeEventKind.Limit && evt.Version.Trim() == "*")
                {
                    continue; // "*" is the implicit limit: no cap
                }
                if (!scheme.TryParse(evt.Version, out var version))
                {
                    problems.Add($"range {index + 1} ({range.Type}) skipped: '{evt.Version}' is not a valid {scheme.Name} version");
                    return null;
                }
                if (evt.Kind == RangeEventKind.Limit)
                {
                    limits.Add(version);
                    unlimited = false;
                }
                else
                {
                    events.Add(new CompiledEvent(evt.Kind, version));
                }
            }
            var sorted = events.ToArray();
            Array.Sort(sorted, CompareEvents);
            return new CompiledRange(scheme, sorted, [.. limits], unlimited);
        }

        /// <summary>
        /// <paramref name="installed"/> as a version of this range's scheme (re-parsed when the range is SEMVER in an
        /// ecosystem with another scheme), or null when it is not one.
        /// </summary>
        public PackageVersion? Coerce(PackageVersion installed) =>
            _sample is null || _sample.GetType() == installed.GetType() ? installed
            : Scheme.TryParse(installed.Text, out var reparsed) ? reparsed
            : null;

        /// <summary>OSV's <c>BeforeLimits</c> and the sorted event walk of <c>IncludedInRanges</c>.</summary>
        public bool Includes(PackageVersion version)
        {
            if (!_unlimited && !Array.Exists(_limits, limit => version.CompareTo(limit) < 0))
            {
                return false;
            }
            var vulnerable = false;
            foreach (var evt in _events)
            {
                switch (evt.Kind)
                {
                    case RangeEventKind.Introduced when evt.Version is null || version.CompareTo(evt.Version) >= 0:
                        vulnerable = true;
                        break;
                    case RangeEventKind.Fixed when version.CompareTo(evt.Version) >= 0:
                    case RangeEventKind.LastAffected when version.CompareTo(evt.Version) > 0:
                        vulnerable = false;
                        break;
                }
            }
            return vulnerable;
        }

        /// <summary>
        /// By version, "0" first. At equal versions closing events come before <c>introduced</c>, which the spec
        /// leaves open: that way [a, b) followed by [b, c) joins, and b itself is affected.
        /// </summary>
        private static int CompareEvents(CompiledEvent left, CompiledEvent right)
        {
            var result = (left.Version, right.Version) switch
            {
                (null, null) => 0,
                (null, _) => -1,
                (_, null) => 1,
                _ => left.Version.CompareTo(right.Version),
            };
            return result != 0 ? result : OpensRange(left).CompareTo(OpensRange(right));
        }

        private static bool OpensRange(CompiledEvent evt) => evt.Kind == RangeEventKind.Introduced;
    }
}
