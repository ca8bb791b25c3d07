using Bulwark.Core.Findings;

namespace Bulwark.Ml.ModelFiles.NumPy;

/// <summary>Rules raised for NumPy .npy content (and .npz members).</summary>
internal static class NumpyRules
{
    public static readonly RuleDescriptor ObjectArray = new(
        "model-numpy-object-array",
        "NumPy array of Python objects (stored as a pickle)",
        "An object-dtype array is stored as a pickle after the .npy header; loading it needs allow_pickle=True and runs that pickle. The pickle itself is analyzed and reported separately.",
        Severity.Low,
        "Prefer numeric dtypes; load object arrays only from trusted sources.") { Tags = ["security", "model", "numpy"] };

    public static IReadOnlyList<RuleDescriptor> All { get; } = [ObjectArray];
}
