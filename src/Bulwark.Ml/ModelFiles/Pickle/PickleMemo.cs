using System.Collections;

namespace Bulwark.Ml.ModelFiles.Pickle;

/// <summary>
/// The unpickler's memo, shared by the pickles of one stream. Pickler-written keys are 0, 1, 2, … (MEMOIZE uses the
/// entry count, BINPUT/LONG_BINPUT the same counter), so keys below the dense length live in an array of slots (no
/// hashing, no object per int or float); keys far from that range, as hand-written pickles may use, go to a dictionary.
/// </summary>
internal sealed class PickleMemo : IEnumerable<KeyValuePair<long, PickleSlot>>
{
    /// <summary>A key may extend the dense array when it is at most this far past its end (small gaps stay dense).</summary>
    private const int MaxGap = 1024;

    private PickleSlot[] _dense = new PickleSlot[256];
    private int _denseLength;
    private int _denseCount;
    private Dictionary<long, PickleSlot>? _sparse;

    public int Count => _denseCount + (_sparse?.Count ?? 0);

    public bool ContainsKey(long key) => TryGetValue(key, out _);

    public bool TryGetValue(long key, out PickleSlot value)
    {
        if ((ulong)key < (ulong)_denseLength && !_dense[key].IsEmpty)
        {
            value = _dense[key];
            return true;
        }
        if (_sparse is not null && _sparse.TryGetValue(key, out var sparse))
        {
            value = sparse;
            return true;
        }
        value = default;
        return false;
    }

    public void Set(long key, PickleSlot value)
    {
        var dense = (ulong)key < (ulong)_denseLength;
        if (dense && !_dense[key].IsEmpty)
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

    public IEnumerator<KeyValuePair<long, PickleSlot>> GetEnumerator()
    {
        for (var key = 0; key < _denseLength; key++)
        {
            if (!_dense[key].IsEmpty)
            {
                yield return new(key, _dense[key]);
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
