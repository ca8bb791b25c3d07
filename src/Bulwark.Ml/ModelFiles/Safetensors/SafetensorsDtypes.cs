namespace Bulwark.Ml.ModelFiles.Safetensors;

/// <summary>The dtypes of the safetensors specification and their sizes in bits (sub-byte types pack several per byte).</summary>
internal static class SafetensorsDtypes
{
    private static readonly Dictionary<string, int> Bits = new(StringComparer.Ordinal)
    {
        ["BOOL"] = 8, ["F4"] = 4, ["F6_E2M3"] = 6, ["F6_E3M2"] = 6,
        ["U8"] = 8, ["I8"] = 8, ["F8_E5M2"] = 8, ["F8_E4M3"] = 8, ["F8_E8M0"] = 8,
        ["I16"] = 16, ["U16"] = 16, ["F16"] = 16, ["BF16"] = 16,
        ["I32"] = 32, ["U32"] = 32, ["F32"] = 32,
        ["C64"] = 64, ["F64"] = 64, ["I64"] = 64, ["U64"] = 64,
    };

    /// <summary>Bits per element, or 0 for an unknown dtype.</summary>
    public static int BitsOf(string dtype) => Bits.GetValueOrDefault(dtype);
}
