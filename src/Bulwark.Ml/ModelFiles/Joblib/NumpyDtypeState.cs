using Bulwark.Ml.ModelFiles.Pickle;

namespace Bulwark.Ml.ModelFiles.Joblib;

/// <summary>
/// Element size and object-ness of a pickled <c>numpy.dtype</c>: built by REDUCE of <c>numpy.dtype('f8', False, True)</c>
/// and a BUILD state tuple <c>(version, byteorder, subarray, names, fields, elsize, alignment, flags)</c>, where
/// elsize is set for flexible and structured types and -1 otherwise.
/// </summary>
internal sealed record NumpyDtypeState(long? ItemSize, bool HasObjects)
{
    private const int MaxFieldDepth = 8;

    public static NumpyDtypeState From(PickleValue? dtype) => From(dtype, 0);

    private static NumpyDtypeState From(PickleValue? dtype, int depth)
    {
        if (dtype is not PickleObject { Arguments: [PickleString type, ..] } obj || depth > MaxFieldDepth)
        {
            return new NumpyDtypeState(null, false);
        }
        var spec = type.Text.TrimStart('<', '>', '|', '=');
        var kind = spec.Length > 0 ? spec[0] : '?';
        var hasObjects = kind == 'O';
        long? elsize = null;
        if (obj.State is PickleSequence { Items: var items })
        {
            if (items.Count > 5 && items[5] is PickleInt { Value: > 0 and var declared })
            {
                elsize = declared;
            }
            if (items.Count > 4 && items[4] is PickleDict fields)
            {
                foreach (var (_, field) in fields.Entries)
                {
                    hasObjects |= field is PickleSequence { Items: [var fieldType, ..] } && From(fieldType, depth + 1).HasObjects;
                }
            }
        }
        var digitCount = spec.Length > 1 ? spec.AsSpan(1).IndexOfAnyExceptInRange('0', '9') : 0;
        var digitText = spec.Length > 1 ? spec.AsSpan(1, digitCount < 0 ? spec.Length - 1 : digitCount) : [];
        if (elsize is null && long.TryParse(digitText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var digits))
        {
            elsize = kind == 'U' ? digits * 4 : digits;
        }
        return new NumpyDtypeState(elsize, hasObjects);
    }
}
