namespace Bulwark.Ml.ModelFiles.TensorFlow;

/// <summary>
/// Recognises the checkpoint saver every SavedModel carries, so its SaveV2/RestoreV2/MergeV2Checkpoints do not
/// raise alarms: TF1 graphs put it under a <c>save</c>/<c>save_N</c>/<c>saver</c> name scope, TF2 in the
/// <c>__inference__traced_save_N</c>/<c>__inference__traced_restore_N</c> functions. Names are chosen by whoever
/// wrote the file, so this only keeps ordinary exports quiet; it proves nothing about a hostile one.
/// </summary>
internal static class TfSaverNames
{
    public static bool IsSaver(TfNode node)
    {
        if (node.Function is { } function
            && (function.StartsWith("__inference__traced_save", StringComparison.Ordinal)
                || function.StartsWith("__inference__traced_restore", StringComparison.Ordinal)))
        {
            return true;
        }
        var name = node.Name.AsSpan();
        var slash = name.LastIndexOf('/');
        if (slash < 0)
        {
            return false;
        }
        foreach (var range in name[..slash].Split('/'))
        {
            if (IsSaverScope(name[..slash][range]))
            {
                return true;
            }
        }
        return false;
    }

    private static bool IsSaverScope(ReadOnlySpan<char> scope)
    {
        if (scope.SequenceEqual("save") || scope.SequenceEqual("saver"))
        {
            return true;
        }
        if (!scope.StartsWith("save_") || scope.Length == 5)
        {
            return false;
        }
        foreach (var c in scope[5..])
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }
        return true;
    }
}
