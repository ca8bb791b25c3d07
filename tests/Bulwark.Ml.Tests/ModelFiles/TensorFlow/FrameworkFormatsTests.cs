using System.Text;
using Bulwark.Ml.ModelFiles.Keras;
using Bulwark.Ml.ModelFiles.Onnx;
using Bulwark.Ml.ModelFiles.TensorFlow;
using Bulwark.Ml.Tests.ModelFiles.Keras;
using Bulwark.Ml.Tests.ModelFiles.Onnx;

namespace Bulwark.Ml.Tests.ModelFiles.TensorFlow;

public sealed class FrameworkFormatsTests
{
    [Fact]
    public void Each_file_kind_goes_to_its_own_format()
    {
        var sniffer = new Bulwark.Ml.ModelFiles.ModelFormatSniffer(FrameworkFormats.All);

        sniffer.Identify(TfGraphs.BenignTf2SavedModel(), "saved_model.pb").ShouldBeOfType<TensorFlowFormat>();
        sniffer.Identify(OnnxModels.BenignCnn(), "model.onnx").ShouldBeOfType<OnnxFormat>();
        sniffer.Identify(OnnxModels.BenignCnn(), "blob").ShouldBeOfType<OnnxFormat>();
        sniffer.Identify(Encoding.UTF8.GetBytes(KerasConfigs.Sequential(KerasConfigs.Dense)), "config.json").ShouldBeOfType<KerasConfigFormat>();
        sniffer.Identify([0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0], "model.weights.h5").ShouldBeOfType<KerasHdf5Format>();
        sniffer.Identify("plain text"u8, "notes.txt").ShouldBeNull();
    }

    [Fact]
    public void Rule_ids_are_unique_and_prefixed_by_their_area()
    {
        var rules = KerasRules.All.Concat(TensorFlowRules.All).Concat(OnnxRules.All).ToList();

        rules.Select(rule => rule.Id).ShouldBeUnique();
        KerasRules.All.ShouldAllBe(rule => rule.Id.StartsWith("model-keras-") || rule.Id.StartsWith("model-hf-"));
        TensorFlowRules.All.ShouldAllBe(rule => rule.Id.StartsWith("model-tf-"));
        OnnxRules.All.ShouldAllBe(rule => rule.Id.StartsWith("model-onnx-"));
        rules.ShouldAllBe(rule => rule.Title.Length > 0 && rule.Description.EndsWith('.') && rule.Help.Length > 0);
    }
}
