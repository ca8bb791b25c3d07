using Bulwark.Ml.ModelFiles.Containers;
using Bulwark.Ml.ModelFiles.Gguf;
using Bulwark.Ml.ModelFiles.Safetensors;

namespace Bulwark.Ml.Tests.ModelFiles.Containers;

public sealed class RuleCatalogTests
{
    [Fact]
    public void Rule_ids_are_unique_prefixed_by_area_and_documented()
    {
        var rules = ContainerRules.All.Concat(SafetensorsRules.All).Concat(GgufRules.All).ToList();

        rules.Select(r => r.Id).ShouldBeUnique();
        ContainerRules.All.ShouldAllBe(r => r.Id.StartsWith("model-zip-") || r.Id.StartsWith("model-tar-") || r.Id.StartsWith("model-torch-"));
        SafetensorsRules.All.ShouldAllBe(r => r.Id.StartsWith("model-safetensors-"));
        GgufRules.All.ShouldAllBe(r => r.Id.StartsWith("model-gguf-"));
        rules.ShouldAllBe(r => r.Description.Length > 40 && r.Help.Length > 10);
    }
}
