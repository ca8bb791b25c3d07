using System.Security.Cryptography;
using System.Text;
using Bulwark.Integrity.Encryption;

namespace Bulwark.Integrity.Tests.Encryption;

public sealed class EnvelopeCipherTests
{
    private static readonly byte[] Plaintext = Encoding.UTF8.GetBytes("AKIA-not-a-real-key-but-secret-enough");
    private static readonly byte[] Context = Encoding.UTF8.GetBytes("project/ml-api/AWS_KEY/v1");

    private static KeyEncryptionKey NewKek(string id = "kek-1") => new(id, RandomNumberGenerator.GetBytes(32));

    [Fact]
    public void Sealed_value_opens_back_to_the_plaintext()
    {
        using var kek = NewKek();
        var sealedValue = EnvelopeCipher.Seal(Plaintext, Context, kek);
        sealedValue.KeyId.ShouldBe("kek-1");
        sealedValue.Ciphertext.ShouldNotBe(Plaintext);
        EnvelopeCipher.Open(sealedValue, Context, kek).ShouldBe(Plaintext);
    }

    [Fact]
    public void Each_seal_uses_a_fresh_data_key_and_nonce()
    {
        using var kek = NewKek();
        var first = EnvelopeCipher.Seal(Plaintext, Context, kek);
        var second = EnvelopeCipher.Seal(Plaintext, Context, kek);
        first.Ciphertext.ShouldNotBe(second.Ciphertext);
        first.Nonce.ShouldNotBe(second.Nonce);
        first.WrappedKey.ShouldNotBe(second.WrappedKey);
    }

    [Fact]
    public void Empty_value_round_trips()
    {
        using var kek = NewKek();
        EnvelopeCipher.Open(EnvelopeCipher.Seal([], Context, kek), Context, kek).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("ciphertext")]
    [InlineData("tag")]
    [InlineData("nonce")]
    [InlineData("wrapped-key")]
    [InlineData("wrap-nonce")]
    public void Any_flipped_bit_fails_with_a_message_free_of_secrets(string part)
    {
        using var kek = NewKek();
        var sealedValue = EnvelopeCipher.Seal(Plaintext, Context, kek);
        var bytes = part switch
        {
            "ciphertext" => sealedValue.Ciphertext,
            "tag" => sealedValue.Tag,
            "nonce" => sealedValue.Nonce,
            "wrapped-key" => sealedValue.WrappedKey,
            _ => sealedValue.WrapNonce,
        };
        bytes[bytes.Length / 2] ^= 0x01;
        var failure = Should.Throw<EnvelopeException>(() => EnvelopeCipher.Open(sealedValue, Context, kek));
        ShouldNotLeak(failure.Message, kek);
    }

    [Fact]
    public void Wrong_associated_data_fails()
    {
        using var kek = NewKek();
        var sealedValue = EnvelopeCipher.Seal(Plaintext, Context, kek);
        var failure = Should.Throw<EnvelopeException>(() => EnvelopeCipher.Open(sealedValue, Encoding.UTF8.GetBytes("project/ml-api/AWS_KEY/v2"), kek));
        ShouldNotLeak(failure.Message, kek);
    }

    [Fact]
    public void Wrong_key_encryption_key_fails_and_names_only_the_key_id()
    {
        using var kek = NewKek();
        using var other = NewKek("kek-2");
        var sealedValue = EnvelopeCipher.Seal(Plaintext, Context, kek);
        var failure = Should.Throw<EnvelopeException>(() => EnvelopeCipher.Open(sealedValue, Context, other));
        failure.Message.ShouldContain("kek-2");
        ShouldNotLeak(failure.Message, other);
    }

    [Fact]
    public void Truncated_parts_are_refused_as_malformed()
    {
        using var kek = NewKek();
        var sealedValue = EnvelopeCipher.Seal(Plaintext, Context, kek);
        Should.Throw<EnvelopeException>(() => EnvelopeCipher.Open(sealedValue with { Tag = sealedValue.Tag[..8] }, Context, kek)).Message.ShouldContain("malformed");
        Should.Throw<EnvelopeException>(() => EnvelopeCipher.Open(sealedValue with { WrappedKey = [] }, Context, kek)).Message.ShouldContain("malformed");
    }

    [Fact]
    public void Rewrap_moves_the_data_key_to_the_new_key_and_leaves_the_ciphertext_alone()
    {
        using var oldKek = NewKek("old");
        using var newKek = NewKek("new");
        var sealedValue = EnvelopeCipher.Seal(Plaintext, Context, oldKek);
        var rewrapped = EnvelopeCipher.Rewrap(sealedValue, Context, oldKek, newKek);
        rewrapped.KeyId.ShouldBe("new");
        rewrapped.Ciphertext.ShouldBe(sealedValue.Ciphertext);
        rewrapped.Nonce.ShouldBe(sealedValue.Nonce);
        rewrapped.Tag.ShouldBe(sealedValue.Tag);
        rewrapped.WrappedKey.ShouldNotBe(sealedValue.WrappedKey);
        EnvelopeCipher.Open(rewrapped, Context, newKek).ShouldBe(Plaintext);
        Should.Throw<EnvelopeException>(() => EnvelopeCipher.Open(rewrapped, Context, oldKek));
    }

    [Fact]
    public void Rewrap_under_the_wrong_old_key_fails()
    {
        using var kek = NewKek();
        using var stranger = NewKek("stranger");
        var sealedValue = EnvelopeCipher.Seal(Plaintext, Context, kek);
        Should.Throw<EnvelopeException>(() => EnvelopeCipher.Rewrap(sealedValue, Context, stranger, stranger));
    }

    [Fact]
    public void Key_encryption_keys_must_be_256_bits()
    {
        Should.Throw<ArgumentException>(() => new KeyEncryptionKey("k", new byte[16]));
        Should.Throw<ArgumentException>(() => new KeyEncryptionKey("", new byte[32]));
    }

    private static void ShouldNotLeak(string message, KeyEncryptionKey kek)
    {
        message.ShouldNotContain(Encoding.UTF8.GetString(Plaintext));
        message.ShouldNotContain(Convert.ToHexString(kek.Key), Case.Insensitive);
        message.ShouldNotContain(Convert.ToBase64String(kek.Key));
    }
}
