using Bulwark.Tests.Shared;

namespace Bulwark.Integrity.Tests.ModelSigning;

/// <summary>Paths of the shared model-signing interoperability vectors.</summary>
internal static class Vectors
{
    public static string Root => Path.Combine(RepositoryPaths.Shared, "vectors", "model-signing");

    public static string Transparency(string relative) => Path.Combine(Root, "model-transparency", relative);

    public static string OmsSpec(string kind) => Path.Combine(Root, "oms-spec", "test-vectors", "v1.0", kind);
}
