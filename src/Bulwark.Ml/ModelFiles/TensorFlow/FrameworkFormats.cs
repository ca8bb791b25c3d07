using Bulwark.Ml.ModelFiles.Keras;
using Bulwark.Ml.ModelFiles.Onnx;

namespace Bulwark.Ml.ModelFiles.TensorFlow;

/// <summary>
/// The framework formats (TensorFlow, ONNX, Keras config and HDF5, Hugging Face auto_map). TensorFlow comes
/// before ONNX: a SavedModel opens like an ONNX model (a small varint in field 1, then field 2), and only the
/// TensorFlow format insists on a .pb name.
/// </summary>
internal static class FrameworkFormats
{
    public static IReadOnlyList<IModelFormat> All { get; } = [new TensorFlowFormat(), new OnnxFormat(), new KerasConfigFormat(), new KerasHdf5Format()];
}
