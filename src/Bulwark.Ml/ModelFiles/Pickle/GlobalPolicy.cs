using System.Collections.Frozen;
using Bulwark.Core.Findings;

namespace Bulwark.Ml.ModelFiles.Pickle;

/// <summary>
/// Classifies Python globals from the policy data (pickle-policy.toml, read by <see cref="GlobalPolicyLoader"/>).
/// Module aliases are resolved first, so <c>posix.system</c> is <c>os.system</c>. A dangerous entry covers every
/// name below it; a safe entry is exact unless it is a <c>module.*</c> wildcard. The most specific match wins and
/// dangerous wins a tie, so allowing a module never allows a dangerous name inside it.
/// </summary>
internal sealed class GlobalPolicy : IGlobalClassifier
{
    private static readonly Lazy<GlobalPolicy> DefaultPolicy = new(GlobalPolicyLoader.LoadDefault);

    private readonly FrozenDictionary<string, string> _aliases;
    private readonly FrozenDictionary<string, GlobalVerdict> _dangerous;
    private readonly FrozenDictionary<string, string> _safeNames;
    private readonly FrozenDictionary<string, string> _safeModules;
    private readonly FrozenSet<string> _dangerousAttributes;
    private readonly GlobalVerdict _attributeVerdict;

    public GlobalPolicy(
        IReadOnlyDictionary<string, string> aliases,
        IReadOnlyDictionary<string, GlobalVerdict> dangerous,
        IReadOnlyDictionary<string, string> safeNames,
        IReadOnlyDictionary<string, string> safeModules,
        IEnumerable<string> dangerousAttributes,
        GlobalVerdict attributeVerdict)
    {
        _aliases = aliases.ToFrozenDictionary(StringComparer.Ordinal);
        _dangerous = dangerous.ToFrozenDictionary(StringComparer.Ordinal);
        _safeNames = safeNames.ToFrozenDictionary(StringComparer.Ordinal);
        _safeModules = safeModules.ToFrozenDictionary(StringComparer.Ordinal);
        _dangerousAttributes = dangerousAttributes.ToFrozenSet(StringComparer.Ordinal);
        _attributeVerdict = attributeVerdict;
    }

    /// <summary>The built-in policy.</summary>
    public static GlobalPolicy Default => DefaultPolicy.Value;

    /// <summary>
    /// A copy that also allows the given names: <c>module.name</c> (exact) or <c>module.*</c> (the module and its
    /// submodules). Dangerous entries that are more specific still win.
    /// </summary>
    public GlobalPolicy WithAllowed(IEnumerable<string> qualifiedNamesOrModulePrefixes)
    {
        var names = new Dictionary<string, string>(_safeNames, StringComparer.Ordinal);
        var modules = new Dictionary<string, string>(_safeModules, StringComparer.Ordinal);
        foreach (var entry in qualifiedNamesOrModulePrefixes)
        {
            var trimmed = entry.Trim();
            if (trimmed.EndsWith(".*", StringComparison.Ordinal))
            {
                modules[CanonicalQualified(trimmed[..^2])] = "allowed by configuration";
            }
            else if (trimmed.Length > 0)
            {
                names[CanonicalQualified(trimmed)] = "allowed by configuration";
            }
        }
        return new GlobalPolicy(_aliases, _dangerous, names, modules, _dangerousAttributes, _attributeVerdict);
    }

    /// <summary>A copy that also blocks the given <c>module</c> or <c>module.name</c> entries (covering everything below them).</summary>
    public GlobalPolicy WithBlocked(IEnumerable<string> qualifiedNamesOrModules, Severity severity = Severity.High)
    {
        var dangerous = new Dictionary<string, GlobalVerdict>(_dangerous, StringComparer.Ordinal);
        foreach (var entry in qualifiedNamesOrModules)
        {
            var trimmed = entry.Trim().TrimEnd('*').TrimEnd('.');
            if (trimmed.Length > 0)
            {
                dangerous[CanonicalQualified(trimmed)] = new GlobalVerdict(GlobalClass.Dangerous, severity, "blocked by configuration");
            }
        }
        return new GlobalPolicy(_aliases, dangerous, _safeNames, _safeModules, _dangerousAttributes, _attributeVerdict);
    }

    /// <summary>The module name CPython would end up importing for <paramref name="module"/> (longest alias prefix replaced).</summary>
    public string CanonicalModule(string module)
    {
        for (var end = module.Length; end > 0; end = module.LastIndexOf('.', end - 1))
        {
            if (_aliases.TryGetValue(module[..end], out var target))
            {
                return target + module[end..];
            }
        }
        return module;
    }

    public GlobalVerdict Classify(string module, string name)
    {
        var canonical = CanonicalModule(module);
        foreach (var part in name.Split('.'))
        {
            if (_dangerousAttributes.Contains(part))
            {
                return _attributeVerdict with { Reason = $"{_attributeVerdict.Reason} ({part})" };
            }
        }
        var qualified = name.Length == 0 ? canonical : $"{canonical}.{name}";
        var (dangerLength, danger) = LongestDangerous(qualified);
        var (safeLength, safeReason) = LongestSafe(qualified);
        if (danger is not null && dangerLength >= safeLength)
        {
            return danger;
        }
        return safeReason is not null
            ? GlobalVerdict.Safe(safeReason)
            : new GlobalVerdict(GlobalClass.Unknown, Severity.Medium, "not on the allowlist of known model globals");
    }

    private string CanonicalQualified(string qualified)
    {
        var dot = qualified.LastIndexOf('.');
        return dot < 0 ? CanonicalModule(qualified) : $"{CanonicalModule(qualified[..dot])}{qualified[dot..]}";
    }

    private (int Length, GlobalVerdict? Verdict) LongestDangerous(string qualified)
    {
        for (var end = qualified.Length; end > 0; end = qualified.LastIndexOf('.', end - 1))
        {
            if (_dangerous.TryGetValue(qualified[..end], out var verdict))
            {
                return (end, verdict);
            }
        }
        return (-1, null);
    }

    private (int Length, string? Reason) LongestSafe(string qualified)
    {
        if (_safeNames.TryGetValue(qualified, out var exact))
        {
            return (qualified.Length, exact);
        }
        for (var end = qualified.LastIndexOf('.'); end > 0; end = qualified.LastIndexOf('.', end - 1))
        {
            if (_safeModules.TryGetValue(qualified[..end], out var reason))
            {
                return (end, reason);
            }
        }
        return (-1, null);
    }
}
