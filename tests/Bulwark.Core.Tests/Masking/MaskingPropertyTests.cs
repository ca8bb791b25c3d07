using Bulwark.Core.Masking;
using CsCheck;

namespace Bulwark.Core.Tests.Masking;

/// <summary>
/// Properties of masking over random secrets, random log text and random chunkings (each case from a seed that
/// CsCheck reports on failure). The forms checked come from <see cref="ReferenceForms"/>, not from the masker.
/// </summary>
public sealed class MaskingPropertyTests
{
    private static string[] Secrets(Random random, int count)
    {
        var secrets = new string[count];
        for (var i = 0; i < count; i++)
        {
            secrets[i] = RandomLogs.Secret(random);
        }
        return secrets;
    }

    [Fact]
    public void No_encoded_form_of_any_secret_reaches_the_output_whatever_the_chunking()
    {
        Gen.Int.Sample(seed =>
        {
            var random = new Random(seed);
            var secrets = Secrets(random, random.Next(1, 12));
            var masker = SecretMasker.Create(secrets, out var warnings);
            warnings.ShouldBeEmpty();
            var text = RandomLogs.Filler(random, random.Next(0, 2_000));
            var ranges = new List<(int Start, int Length)>();
            for (var planted = random.Next(1, 16); planted > 0; planted--)
            {
                text = RandomLogs.Plant(random, text, secrets[random.Next(secrets.Length)], ranges);
            }
            var output = RandomLogs.WriteChunked(masker, text, random, random.Next(1, 200));
            foreach (var secret in secrets)
            {
                foreach (var (name, form) in ReferenceForms.Of(secret))
                {
                    output.Contains(form, StringComparison.Ordinal).ShouldBeFalse($"the {name} form of a secret reached the output (seed {seed})");
                }
            }
        }, iter: 400);
    }

    [Fact]
    public void Text_without_secrets_passes_through_unchanged()
    {
        Gen.Int.Sample(seed =>
        {
            var random = new Random(seed);
            var masker = SecretMasker.Create(Secrets(random, 200), out _);
            var text = RandomLogs.Filler(random, random.Next(0, 5_000));
            RandomLogs.WriteChunked(masker, text, random, random.Next(1, 300)).ShouldBe(text);
            masker.Mask(text).ShouldBeSameAs(text);
        }, iter: 100);
    }

    [Fact]
    public void Chunked_writing_equals_masking_the_whole_text()
    {
        Gen.Int.Sample(seed =>
        {
            var random = new Random(seed);
            var secrets = Secrets(random, random.Next(1, 30));
            var masker = SecretMasker.Create(secrets, out _);
            var text = RandomLogs.Filler(random, random.Next(0, 3_000));
            for (var planted = random.Next(0, 30); planted > 0; planted--)
            {
                text = RandomLogs.Plant(random, text, secrets[random.Next(secrets.Length)]);
            }
            RandomLogs.WriteChunked(masker, text, random, random.Next(1, 64)).ShouldBe(masker.Mask(text), $"seed {seed}");
        }, iter: 400);
    }

    [Fact]
    public void Overlapping_secrets_from_a_tiny_alphabet_are_masked_alike_in_any_chunking()
    {
        // Two letters make matches overlap, touch and nest all the time: the merging logic's worst case.
        Gen.Int.Sample(seed =>
        {
            var random = new Random(seed);
            var secrets = new string[random.Next(1, 6)];
            for (var i = 0; i < secrets.Length; i++)
            {
                secrets[i] = RandomText(random, "ab", random.Next(4, 12));
            }
            var masker = SecretMasker.Create(secrets, out _);
            var text = RandomText(random, "abc\n", random.Next(0, 400));
            var whole = masker.Mask(text);
            RandomLogs.WriteChunked(masker, text, random, random.Next(1, 20)).ShouldBe(whole, $"seed {seed}");
            foreach (var secret in secrets)
            {
                whole.ShouldNotContain(secret);
            }
        }, iter: 2_000);
    }

    [Fact]
    public void Random_input_and_random_chunk_sizes_never_throw()
    {
        // Any UTF-16, lone surrogates and control characters included, in the secrets and in the text.
        Gen.Int.Sample(seed =>
        {
            var random = new Random(seed);
            var secrets = new string[random.Next(0, 8)];
            for (var i = 0; i < secrets.Length; i++)
            {
                secrets[i] = RandomChars(random, random.Next(0, 40));
            }
            var masker = SecretMasker.Create(secrets, out _);
            var text = RandomChars(random, random.Next(0, 600));
            if (secrets.Length > 0 && random.Next(2) == 0)
            {
                text = RandomLogs.Plant(random, text, secrets[random.Next(secrets.Length)]);
            }
            RandomLogs.WriteChunked(masker, text, random, random.Next(1, 50)).ShouldBe(masker.Mask(text), $"seed {seed}");
        }, iter: 2_000);
    }

    private static string RandomText(Random random, string alphabet, int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = alphabet[random.Next(alphabet.Length)];
        }
        return new string(chars);
    }

    private static string RandomChars(Random random, int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = (char)random.Next(random.Next(4) == 0 ? 0x10000 : 0x80);
        }
        return new string(chars);
    }
}
