namespace Bulwark.Ml.ModelFiles.Gguf;

/// <summary>ggml tensor types: elements per block and bytes per block (from the ggml type list; removed types are unknown).</summary>
internal static class GgmlTypes
{
    private static readonly (string Name, int Block, int Bytes)[] Table = Build();

    /// <summary>The type's name, block size and block bytes, or null for an unknown type.</summary>
    public static (string Name, int Block, int Bytes)? Of(uint type) =>
        type < Table.Length && Table[type].Block > 0 ? Table[type] : null;

    private static (string, int, int)[] Build()
    {
        var table = new (string, int, int)[40];
        table[0] = ("F32", 1, 4);
        table[1] = ("F16", 1, 2);
        table[2] = ("Q4_0", 32, 18);
        table[3] = ("Q4_1", 32, 20);
        table[6] = ("Q5_0", 32, 22);
        table[7] = ("Q5_1", 32, 24);
        table[8] = ("Q8_0", 32, 34);
        table[9] = ("Q8_1", 32, 36);
        table[10] = ("Q2_K", 256, 84);
        table[11] = ("Q3_K", 256, 110);
        table[12] = ("Q4_K", 256, 144);
        table[13] = ("Q5_K", 256, 176);
        table[14] = ("Q6_K", 256, 210);
        table[15] = ("Q8_K", 256, 292);
        table[16] = ("IQ2_XXS", 256, 66);
        table[17] = ("IQ2_XS", 256, 74);
        table[18] = ("IQ3_XXS", 256, 98);
        table[19] = ("IQ1_S", 256, 50);
        table[20] = ("IQ4_NL", 32, 18);
        table[21] = ("IQ3_S", 256, 110);
        table[22] = ("IQ2_S", 256, 82);
        table[23] = ("IQ4_XS", 256, 136);
        table[24] = ("I8", 1, 1);
        table[25] = ("I16", 1, 2);
        table[26] = ("I32", 1, 4);
        table[27] = ("I64", 1, 8);
        table[28] = ("F64", 1, 8);
        table[29] = ("IQ1_M", 256, 56);
        table[30] = ("BF16", 1, 2);
        table[34] = ("TQ1_0", 256, 54);
        table[35] = ("TQ2_0", 256, 66);
        table[39] = ("MXFP4", 32, 17);
        return table;
    }
}
