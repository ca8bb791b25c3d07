using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Bulwark.Benchmarks;

/// <summary>
/// An opcode-dense pickle written the way CPython's protocol-4 pickler writes
/// <c>[{"id": i, "token": f"tok{i:08d}", "score": i / 7.0, "tags": ("a", "b", i % 13)} for i in range(n)]</c>
/// (bench/compare/model.sh's "opcode-dense" fixture), byte for byte (checked against Debian's Python 3.11): FRAMEs of
/// 64 KB, MEMOIZE after every str, dict and tuple, BINGET for repeated keys, APPENDS batches of 1,000. About 46 bytes
/// and 17 opcodes a record. With <c>orderedDicts</c>, the same records as <c>collections.OrderedDict</c>s (model.sh's
/// "object-dense" fixture, the same opcodes as Python 3.11 writes, frames aside): the class imported once by
/// STACK_GLOBAL, then for each record BINGET of it, EMPTY_TUPLE, REDUCE and the items by SETITEMS.
/// </summary>
internal static class DensePickle
{
    private const int FrameTarget = 64 * 1024;
    private const int Batch = 1000;

    public static byte[] Records(int count, bool orderedDicts = false)
    {
        var writer = new Writer();
        writer.Op(']');
        writer.Memoize();
        for (var start = 0; start < count; start += Batch)
        {
            // Like CPython's C pickler: APPEND only for a one-item list, else MARK … APPENDS batches (even of one).
            var end = Math.Min(count, start + Batch);
            if (count > 1)
            {
                writer.Op('(');
            }
            for (var i = start; i < end; i++)
            {
                Record(writer, i, orderedDicts);
            }
            writer.Op(count > 1 ? 'e' : 'a');
        }
        writer.Op('.');
        return writer.Finish();
    }

    /// <summary>One record. Like the pickler, a new frame may start before each object saved (the record, its keys, values, items).</summary>
    private static void Record(Writer writer, int i, bool orderedDict)
    {
        writer.Boundary();
        if (orderedDict)
        {
            writer.Global("collections", "OrderedDict");
            writer.Op(')');
            writer.Op('R');
        }
        else
        {
            writer.Op('}');
        }
        writer.Memoize();
        writer.Op('(');
        writer.Key("id");
        writer.Int(i);
        writer.Key("token");
        writer.Boundary();
        writer.Text("tok" + i.ToString("D8", CultureInfo.InvariantCulture));
        writer.Memoize();
        writer.Key("score");
        writer.Float(i / 7.0);
        writer.Key("tags");
        writer.Boundary();
        writer.Key("a");
        writer.Key("b");
        writer.Int(i % 13);
        writer.Op((char)0x87);
        writer.Memoize();
        writer.Op('u');
    }

    private sealed class Writer
    {
        private readonly MemoryStream _frames = new();
        private readonly MemoryStream _body = new();
        private readonly Dictionary<string, int> _memo = new(StringComparer.Ordinal);
        private int _memoCount;

        public void Op(char opcode) => _body.WriteByte((byte)opcode);

        public void Memoize()
        {
            _body.WriteByte(0x94);
            _memoCount++;
        }

        /// <summary>A str the pickler memoizes once and fetches with BINGET afterwards.</summary>
        public void Key(string key)
        {
            Boundary();
            if (_memo.TryGetValue(key, out var index))
            {
                _body.Write([(byte)'h', (byte)index]);
            }
            else
            {
                Text(key);
                _memo[key] = _memoCount;
                Memoize();
            }
        }

        /// <summary>A global, saved as the pickler saves one: STACK_GLOBAL of memoized names the first time, BINGET after.</summary>
        public void Global(string module, string name)
        {
            var qualified = $"{module}.{name}";
            if (_memo.TryGetValue(qualified, out var index))
            {
                _body.Write([(byte)'h', (byte)index]);
                return;
            }
            Key(module);
            Key(name);
            Op((char)0x93);
            _memo[qualified] = _memoCount;
            Memoize();
        }

        public void Text(string text)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            _body.Write([0x8c, (byte)bytes.Length]);
            _body.Write(bytes);
        }

        public void Int(int value)
        {
            Boundary();
            Span<byte> bytes = stackalloc byte[4];
            if (value < 256)
            {
                _body.Write([(byte)'K', (byte)value]);
            }
            else if (value < 65536)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(bytes, (ushort)value);
                _body.WriteByte((byte)'M');
                _body.Write(bytes[..2]);
            }
            else
            {
                BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
                _body.WriteByte((byte)'J');
                _body.Write(bytes);
            }
        }

        public void Float(double value)
        {
            Boundary();
            Span<byte> bytes = stackalloc byte[8];
            BinaryPrimitives.WriteDoubleBigEndian(bytes, value);
            _body.WriteByte((byte)'G');
            _body.Write(bytes);
        }

        /// <summary>Before each object saved, CPython's pickler ends the frame once it holds 64 KB.</summary>
        public void Boundary()
        {
            if (_body.Length >= FrameTarget)
            {
                Frame();
            }
        }

        public byte[] Finish()
        {
            Frame(minimum: 4);
            var pickle = new MemoryStream();
            pickle.Write([0x80, 4]);
            _frames.Position = 0;
            _frames.CopyTo(pickle);
            return pickle.ToArray();
        }

        /// <summary>Moves the pending opcodes into the output behind a FRAME header of their length (none under <paramref name="minimum"/> bytes).</summary>
        private void Frame(int minimum = 0)
        {
            if (_body.Length >= minimum)
            {
                Span<byte> length = stackalloc byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)_body.Length);
                _frames.WriteByte(0x95);
                _frames.Write(length);
            }
            _body.Position = 0;
            _body.CopyTo(_frames);
            _body.SetLength(0);
        }
    }
}
