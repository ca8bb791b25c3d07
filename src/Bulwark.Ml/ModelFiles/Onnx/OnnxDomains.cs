namespace Bulwark.Ml.ModelFiles.Onnx;

/// <summary>How an operator domain is served: by every ONNX runtime, by ONNX Runtime itself, or by a custom library.</summary>
internal static class OnnxDomains
{
    public static OnnxDomainKind Classify(string domain)
    {
        switch (domain)
        {
            case "" or "ai.onnx" or "ai.onnx.ml" or "ai.onnx.training" or "ai.onnx.preview.training":
                return OnnxDomainKind.Standard;
            case "com.microsoft":
                return OnnxDomainKind.Contrib;
        }
        return domain.StartsWith("com.microsoft.", StringComparison.Ordinal) || domain.StartsWith("com.ms.internal.", StringComparison.Ordinal)
            ? OnnxDomainKind.Contrib
            : OnnxDomainKind.Custom;
    }
}

internal enum OnnxDomainKind
{
    Standard,
    Contrib,
    Custom,
}
