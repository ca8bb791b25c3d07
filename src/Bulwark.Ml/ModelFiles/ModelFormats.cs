using Bulwark.Core.Findings;
using Bulwark.Ml.ModelFiles.Containers;
using Bulwark.Ml.ModelFiles.Gguf;
using Bulwark.Ml.ModelFiles.Joblib;
using Bulwark.Ml.ModelFiles.Keras;
using Bulwark.Ml.ModelFiles.NumPy;
using Bulwark.Ml.ModelFiles.Onnx;
using Bulwark.Ml.ModelFiles.Pickle;
using Bulwark.Ml.ModelFiles.Safetensors;
using Bulwark.Ml.ModelFiles.TensorFlow;

namespace Bulwark.Ml.ModelFiles;

/// <summary>
/// Every model format, in sniffing order: containers first (a legacy PyTorch checkpoint starts with a pickle),
/// formats with a magic number next, TensorFlow before ONNX (their protobuf heads look alike), and the pickle
/// last, because protocol 0 and 1 pickles have no magic number at all.
/// </summary>
internal static class ModelFormats
{
    public static IReadOnlyList<IModelFormat> All { get; } =
    [
        .. ContainerFormats.All,
        .. SafetensorsFormats.All,
        .. GgufFormats.All,
        .. NumpyFormats.All,
        .. JoblibFormats.All,
        .. FrameworkFormats.All,
        .. PickleFormats.All,
    ];

    /// <summary>A zip found by its end record when something else (a pickle, junk) sits in front of it.</summary>
    public static ModelTailProbe ZipTail { get; } = new(ContainerFormats.Zip, ZipTailProbe.EndsWithZip);

    /// <summary>Every rule a model scan can report, for documentation and tests.</summary>
    public static IReadOnlyList<RuleDescriptor> Rules { get; } =
    [
        .. PickleRules.All,
        .. ContainerRules.All,
        .. SafetensorsRules.All,
        .. GgufRules.All,
        .. KerasRules.All,
        .. TensorFlowRules.All,
        .. OnnxRules.All,
    ];
}
