using System.Collections;

namespace Bulwark.Ml.ModelFiles.Pickle;

/// <summary>
/// The unpickler's memo, shared by the pickles of one stream. Pickler-written keys are 0, 1, 2, … (MEMOIZE uses the
/// entry count, BINPUT/LONG_BINPUT the same counter), so keys below the dense length live in an array (8 bytes an
/// entry, no hashing); keys far from that range, as hand-written pickles may use, go to a dictionary.
/// </summary>
internal sealed class PickleMemo : IEnumerable<KeyValuePair<long, PickleValue>>
{
    /// <summary>A key may extend the dense array when it is at most this far past its end (small gaps stay dense).</summary>
    private const int MaxGap = 1024;

    private PickleValue?[] _dense = new PickleValue?[256];
    private int _denseLength;
    private int _denseCount;
    private Dictionary<long, PickleValue>? _sparse;

    public int Count => _denseCount + (_sparse?.Count ?? 0);

    public bool ContainsKey(long key) => TryGetValue(key, out _);

    public bool TryGetValue(long key, out PickleValue value)
    {
        if ((ulong)key < (ulong)_denseLength && _dense[key] is { } found)
        {
            value = found;
            return true;
        }
        if (_sparse is not null && _sparse.TryGetValue(key, out var sparse))
        {
            value = sparse;
            return true;
        }
        value = null!;
        return false;
    }

    public void Set(long key, PickleValue value)
    {
        var dense = (ulong)key < (ulong)_denseLength;
        if (dense && _dense[key] is not null)
        {
            _dense[key] = value;
        }
        else if (_sparse is not null && _sparse.ContainsKey(key))
        {
            _sparse[key] = value;
        }
        else if (dense || Extends(key))
        {
            if (key >= _dense.Length)
            {
                Array.Resize(ref _dense, (int)Math.Min(Array.MaxLength, Math.Max(key + 1, 2L * _dense.Length)));
            }
            _denseLength = Math.Max(_denseLength, (int)key + 1);
            _denseCount++;
            _dense[key] = value;
        }
        else
        {
            (_sparse ??= [])[key] = value;
        }
    }

    /// <summary>Whether a new key may grow the dense array: near its end, and never past twice the entries (no amplification).</summary>
    private bool Extends(long key) =>
        key >= _denseLength && key - _denseLength <= MaxGap && key <= 2L * _denseCount + MaxGap && key < Array.MaxLength;

    public IEnumerator<KeyValuePair<long, PickleValue>> GetEnumerator()
    {
        for (var key = 0; key < _denseLength; key++)
        {
            if (_dense[key] is { } value)
            {
                yield return new(key, value);
            }
        }
        if (_sparse is not null)
        {
            foreach (var entry in _sparse)
            {
                yield return entry;
            }
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
