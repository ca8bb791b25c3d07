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

    public static NumpyDtypeState From(PickleValue? dtype) => From(dtype, 0, new Dictionary<PickleObject, NumpyDtypeState>(ReferenceEqualityComparer.Instance));

    /// <summary>
    /// A crafted pickle can make one dtype object the type of every field of another through the memo, so each
    /// object is evaluated once (<paramref name="seen"/>); otherwise nested fields cost fields^depth.
    /// </summary>
    private static NumpyDtypeState From(PickleValue? dtype, int depth, Dictionary<PickleObject, NumpyDtypeState> seen)
    {
        if (dtype is PickleObject known && seen.TryGetValue(known, out var done))
        {
            return done;
        }
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
                    if (hasObjects)
                    {
                        break;
                    }
                    hasObjects = field is PickleSequence { Items: [var fieldType, ..] } && From(fieldType, depth + 1, seen).HasObjects;
                }
            }
        }
        var digitCount = spec.Length > 1 ? spec.AsSpan(1).IndexOfAnyExceptInRange('0', '9') : 0;
        var digitText = spec.Length > 1 ? spec.AsSpan(1, digitCount < 0 ? spec.Length - 1 : digitCount) : [];
        if (elsize is null && long.TryParse(digitText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var digits))
        {
            elsize = kind == 'U' ? digits * 4 : digits;
        }
        var state = new NumpyDtypeState(elsize, hasObjects);
        seen[obj] = state;
        return state;
    }
}
