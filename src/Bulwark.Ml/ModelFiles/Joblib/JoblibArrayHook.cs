using Bulwark.Ml.ModelFiles.Pickle;

namespace Bulwark.Ml.ModelFiles.Joblib;

/// <summary>
/// joblib writes each NumPy array as a <c>joblib.numpy_pickle.NumpyArrayWrapper</c> object whose BUILD is followed,
/// in the same stream, by the array: for object dtypes a complete nested pickle (pickle.load on the same file);
/// otherwise, when the state has <c>numpy_array_alignment_bytes</c>, one byte giving a padding length and that
/// much padding, then count × itemsize raw bytes. The pickle machine calls this after such a BUILD.
/// </summary>
internal static class JoblibArrayHook
{
    private const int MaxNestedArrays = 16;

    /// <summary>Bytes of a skipped array region analyzed as plain-pickle opcodes when the stream cannot be re-read.</summary>
    private const int ShadowBytes = 1 << 16;

    public static bool IsArrayWrapper(PickleObject obj, PickleSession session) =>
        obj.Callee is PickleGlobal global && IsArrayWrapperClass(global.Module, global.Name, session);

    /// <summary>joblib's NumpyArrayWrapper, whose BUILD is followed by the array's bytes (under any module alias).</summary>
    public static bool IsArrayWrapperClass(string module, string name, PickleSession session) =>
        string.Equals(name, "NumpyArrayWrapper", StringComparison.Ordinal)
        && (session.Context.Globals is GlobalPolicy policy ? policy.CanonicalModule(module) : module) == "joblib.numpy_pickle";

    public static PickleValue ReadArray(PickleObject wrapper, PickleReader reader, PickleSession session, long offset)
    {
        if (wrapper.State is not PickleDict state)
        {
            throw new PickleFault($"joblib array header at offset {offset} has no state dict; the array bytes cannot be located", offset);
        }
        var dtype = NumpyDtypeState.From(state.Get("dtype"));
        var count = ElementCount(state.Get("shape"), offset);
        if (dtype.HasObjects)
        {
            return ReadObjectArray(reader, session, offset);
        }
        if (dtype.ItemSize is not { } itemSize)
        {
            throw new PickleFault($"joblib array header at offset {offset} has a dtype whose item size is unknown; the array bytes cannot be skipped", offset);
        }
        var bytes = count > long.MaxValue / Math.Max(1, itemSize)
            ? throw new PickleFault($"joblib array at offset {offset} declares more bytes than a file can hold", offset)
            : count * itemSize;
        var start = reader.Offset;
        // Keep the region's start when the stream cannot be re-read, for the plain-pickle reading of it.
        var head = session.Rescannable ? [] : new byte[ShadowBytes];
        var kept = 0;
        if (state.Get("numpy_array_alignment_bytes") is PickleInt)
        {
            if (!reader.TryReadByte(out var padding))
            {
                throw new PickleFault($"truncated joblib array padding at offset {start}", start);
            }
            head.AsSpan(0, Math.Min(1, head.Length)).Fill(padding);
            kept = Math.Min(1, head.Length);
            kept += Consume(reader, padding, head.AsSpan(kept), start);
        }
        kept += Consume(reader, bytes, head.AsSpan(kept), start);
        session.SkippedJoblibArray = true;
        if (kept > 0)
        {
            PickleAnalyzer.AnalyzeShadow(session, head[..kept], start);
        }
        return new PickleUnknown($"array of {bytes} bytes at offset {start}");
    }

    private static int Consume(PickleReader reader, long count, Span<byte> keep, long start)
    {
        if (reader.Skip(count, keep) != count)
        {
            throw new PickleFault($"truncated joblib array at offset {start}: {count} bytes declared", start);
        }
        return (int)Math.Min(count, keep.Length);
    }

    private static PickleValue ReadObjectArray(PickleReader reader, PickleSession session, long offset)
    {
        if (session.JoblibDepth >= MaxNestedArrays)
        {
            throw new PickleFault($"joblib object arrays nested more than {MaxNestedArrays} deep at offset {offset}", offset);
        }
        session.JoblibDepth++;
        try
        {
            // joblib calls pickle.load on the same file: a fresh unpickler, so a fresh memo.
            var fault = new PickleMachine(reader, session, []).Run();
            return fault is null ? new PickleUnknown("object array") : throw fault;
        }
        finally
        {
            session.JoblibDepth--;
        }
    }

    private static long ElementCount(PickleValue? shape, long offset)
    {
        if (shape is not PickleSequence { Kind: "tuple" } dims)
        {
            throw new PickleFault($"joblib array header at offset {offset} has no shape tuple", offset);
        }
        long count = 1;
        foreach (var dim in dims.Items)
        {
            if (dim is not PickleInt { Value: >= 0 and var size })
            {
                throw new PickleFault($"joblib array header at offset {offset} has a shape that is not a tuple of sizes", offset);
            }
            count = size != 0 && count > long.MaxValue / size
                ? throw new PickleFault($"joblib array at offset {offset} declares more elements than a file can hold", offset)
                : count * size;
        }
        return count;
    }
}
