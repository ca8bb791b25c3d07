using Bulwark.Scanning.Dependencies.Audit;
using Bulwark.Scanning.Dependencies.Manifests;

namespace Bulwark.Scanning.Dependencies.Fix;

/// <summary>
/// Plans the edits that move every vulnerable package to its minimal fixing version: the pin itself when a
/// requirements file, <c>pyproject.toml</c>, <c>package.json</c> or conda environment declares it; for a
/// lockfile, the range of the same package in the manifest beside it (the lockfile must then be regenerated
/// by its own tool, which the plan says). Hash-pinned lines are left to pip-compile: a new version needs new hashes.
/// </summary>
internal static class FixPlanner
{
    public static FixPlan Plan(string root, IReadOnlyList<PackageVulnerabilities> vulnerable, IReadOnlyList<ManifestParseResult> manifests)
    {
        var lines = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var edits = new Dictionary<(string, int), FileEdit>();
        var manual = new List<ManualStep>();
        foreach (var match in vulnerable)
        {
            var package = match.Package;
            if (match.MinimalFix is not { } fix)
            {
                manual.Add(new ManualStep(package.File, package.Line, package.Name, $"no released version of {package.Name} fixes every advisory; consider replacing or removing it"));
                continue;
            }
            if (IsEditable(package.File))
            {
                if (package.HashCount > 0)
                {
                    manual.Add(new ManualStep(package.File, package.Line, package.Name, $"{package.Name} is hash-pinned: set it to {fix} and regenerate the hashes (pip-compile --generate-hashes)"));
                }
                else if (!TryEdit(root, package, fix, lines, edits))
                {
                    manual.Add(new ManualStep(package.File, package.Line, package.Name, $"set {package.Name} to {fix} or later (the requirement '{package.Requirement ?? package.Version}' is not one Bulwark rewrites)"));
                }
                continue;
            }
            var siblings = Siblings(package, manifests);
            var edited = siblings.Count(s => s.HashCount == 0 && TryEdit(root, s, fix, lines, edits));
            var command = LockfileCommands.Upgrade(package.File, package.Name, fix);
            manual.Add(new ManualStep(package.File, package.Line, package.Name, edited > 0
                ? $"raised {package.Name} to {fix} in the manifest; now regenerate {Path.GetFileName(package.File)} ({command})"
                : $"update {package.Name} from {package.Version} to {fix} or later: {command}"));
        }
        return new FixPlan([.. edits.Values.OrderBy(e => e.File, StringComparer.Ordinal).ThenBy(e => e.Line)], manual);
    }

    private static bool TryEdit(string root, DeclaredPackage package, string fix, Dictionary<string, string[]> lines, Dictionary<(string, int), FileEdit> edits)
    {
        var written = package.Requirement ?? package.Version;
        if (written is null || package.Line <= 0)
        {
            return false;
        }
        if (!lines.TryGetValue(package.File, out var text))
        {
            lines[package.File] = text = LineEndings.Split(File.ReadAllText(Path.Combine(root, package.File)));
        }
        if (package.Line > text.Length)
        {
            return false;
        }
        var current = edits.TryGetValue((package.File, package.Line), out var earlier) ? earlier.After : text[package.Line - 1];
        if (!PinRewriter.TryRewrite(current, package.Name, written, fix, out var after) || after == current)
        {
            return false;
        }
        edits[(package.File, package.Line)] = new FileEdit(package.File, package.Line, earlier?.Before ?? current, after, package.Name, package.Version ?? written, fix);
        return true;
    }

    /// <summary>The same package declared by an editable manifest in the lockfile's folder.</summary>
    private static List<DeclaredPackage> Siblings(DeclaredPackage locked, IReadOnlyList<ManifestParseResult> manifests)
    {
        var folder = LockedPackages.Folder(locked.File);
        var name = Ecosystems.NormalizeName(locked.Ecosystem, locked.Name);
        return [.. manifests
            .Where(m => !m.IsLockfile && IsEditable(m.File) && LockedPackages.Folder(m.File) == folder)
            .SelectMany(m => m.Packages)
            .Where(p => p.Ecosystem == locked.Ecosystem && Ecosystems.NormalizeName(p.Ecosystem, p.Name) == name)];
    }

    public static bool IsEditable(string file)
    {
        var name = Path.GetFileName(file);
        return name.EndsWith(".txt", StringComparison.OrdinalIgnoreCase)
            || name is "pyproject.toml" or "package.json" or "environment.yml" or "environment.yaml";
    }
}
