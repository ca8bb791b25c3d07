namespace Bulwark.Ml.ModelFiles.TensorFlow;

/// <summary>Unwinds a deep protobuf walk once the file's time budget is spent; the format turns it into a notice.</summary>
internal sealed class ScanExpiredException() : Exception("time budget for the file spent");
