using System.Text;
using Bulwark.Core.Masking;

namespace Bulwark.Core.Tests.Masking;

public sealed class MaskingWriterTests
{
    private const string Secret = "ghp_R7kq2Vn9XcLp4Ws8Tz1Yb6Hd";

    private static SecretMasker Masker(params string[] values) => SecretMasker.Create(values, out _);

    [Fact]
    public void Masks_a_value_split_at_every_position_across_two_chunks()
    {
        var masker = Masker(Secret);
        var text = $"token {Secret} and base64 {Convert.ToBase64String(Encoding.UTF8.GetBytes(Secret))}\n";
        for (var split = 0; split <= text.Length; split++)
        {
            var output = new StringWriter();
            using (var writer = masker.CreateWriter(output))
            {
                writer.Write(text.AsSpan(0, split));
                writer.Write(text.AsSpan(split));
            }
            // The last base64 character mixes the value's last two bits with padding: it is not the value's alone.
            output.ToString().ShouldBe("token *** and base64 ***A==\n", $"split at {split}");
        }
    }

    [Fact]
    public void Holds_back_only_what_may_start_a_secret()
    {
        var output = new StringWriter();
        using var writer = Masker(Secret).CreateWriter(output);
        writer.Write("Build succeeded.\n");
        writer.HeldBack.ShouldBe(0);
        output.ToString().ShouldBe("Build succeeded.\n");

        writer.Write("using ghp_R7k");
        writer.HeldBack.ShouldBe("ghp_R7k".Length);
        output.ToString().ShouldBe("Build succeeded.\nusing ");

        writer.Write("q2Vn9XcLp4Ws8Tz1Yb6Hd done");
        output.ToString().ShouldBe("Build succeeded.\nusing *** done");
    }

    [Fact]
    public void Flush_writes_held_text_and_dispose_flushes_but_leaves_the_output_open()
    {
        var output = new StringWriter();
        var writer = Masker(Secret).CreateWriter(output);
        writer.Write("tail ghp_R7");
        writer.Flush();
        output.ToString().ShouldBe("tail ghp_R7");
        writer.Write(" then " + Secret[..10]);
        writer.Dispose();
        output.ToString().ShouldBe("tail ghp_R7 then " + Secret[..10]);
        output.Write('!');
        Should.Throw<ObjectDisposedException>(() => writer.Write("more"));
    }

    [Fact]
    public void Merges_overlapping_secrets_written_one_character_at_a_time()
    {
        var masker = Masker("abcdefgh", "efghijkl");
        var output = new StringWriter();
        using (var writer = masker.CreateWriter(output))
        {
            foreach (var c in "x abcdefghijkl y abcdefgh")
            {
                writer.Write([c]);
            }
        }
        output.ToString().ShouldBe("x *** y ***");
    }

    [Fact]
    public void Large_chunks_after_held_text_are_masked_like_the_whole()
    {
        var masker = Masker(Secret, "another-secret-value");
        var line = $"step 12: pushing layer sha256:0a1b2c3d {Secret} another-secret-value ok\n";
        var text = string.Concat(Enumerable.Repeat(line, 2_000));
        var output = new StringWriter();
        using (var writer = masker.CreateWriter(output))
        {
            writer.Write("ghp_R");
            writer.Write(text);
        }
        output.ToString().ShouldBe(masker.Mask("ghp_R" + text));
    }
}
