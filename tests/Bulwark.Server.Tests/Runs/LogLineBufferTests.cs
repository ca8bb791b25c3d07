using System.Text;
using Bulwark.Server.Runs;

namespace Bulwark.Server.Tests.Runs;

public sealed class LogLineBufferTests
{
    [Fact]
    public void A_line_split_across_chunks_is_sent_once_whole()
    {
        var buffer = new LogLineBuffer();

        buffer.Add("step 1: down"u8).ShouldBeEmpty();
        Encoding.UTF8.GetString(buffer.Add("loading\nstep 2: tr"u8)).ShouldBe("step 1: downloading\n");
        Encoding.UTF8.GetString(buffer.Add("aining\n"u8)).ShouldBe("step 2: training\n");
    }

    [Fact]
    public void A_character_split_across_chunks_is_not_broken()
    {
        var bytes = Encoding.UTF8.GetBytes("accuracy ≥ 0.9 ✓\n");
        var buffer = new LogLineBuffer();

        var first = buffer.Add(bytes.AsSpan(0, 11));
        var second = buffer.Add(bytes.AsSpan(11));

        first.ShouldBeEmpty();
        Encoding.UTF8.GetString(second).ShouldBe("accuracy ≥ 0.9 ✓\n");
    }

    [Fact]
    public void A_line_longer_than_the_limit_is_sent_rather_than_held()
    {
        var buffer = new LogLineBuffer();

        buffer.Add(new byte[LogLineBuffer.MaxHeldBytes]).ShouldBeEmpty();
        buffer.Add("x"u8).Length.ShouldBe(LogLineBuffer.MaxHeldBytes + 1);
    }

    [Fact]
    public void Random_splits_reassemble_exactly_into_whole_lines()
    {
        var random = new Random(7);
        for (var round = 0; round < 200; round++)
        {
            var text = new StringBuilder();
            for (var line = random.Next(0, 30); line > 0; line--)
            {
                text.Append(new string('a', random.Next(0, 80))).Append(random.Next(3) == 0 ? "é€" : "").Append('\n');
            }
            text.Append(new string('z', random.Next(0, 5)));
            var bytes = Encoding.UTF8.GetBytes(text.ToString());
            var buffer = new LogLineBuffer();
            var sent = new List<byte>();
            for (var at = 0; at < bytes.Length;)
            {
                var size = Math.Min(random.Next(1, 40), bytes.Length - at);
                var piece = buffer.Add(bytes.AsSpan(at, size));
                (piece.Length == 0 || piece[^1] == '\n').ShouldBeTrue("only whole lines are sent");
                sent.AddRange(piece);
                at += size;
            }
            var held = bytes.Length - sent.Count;
            sent.ShouldBe(bytes.Take(sent.Count));
            bytes.AsSpan(sent.Count).IndexOf((byte)'\n').ShouldBe(-1, $"only the unfinished last line is held ({held} bytes)");
        }
    }
}
