namespace Bulwark.Core.Masking;

/// <summary>What <see cref="SecretMasker.Create"/> did with a value it warns about.</summary>
public enum MaskingWarningKind
{
    /// <summary>Empty or whitespace only: ignored.</summary>
    Empty,

    /// <summary>
    /// Under <see cref="SecretMasker.MinimumLength"/> characters (surrounding whitespace aside): NOT masked, because
    /// masking it would replace ordinary words and numbers all over the log. The secret is unprotected in logs.
    /// </summary>
    TooShort,

    /// <summary>
    /// Masked, but under <see cref="SecretMasker.SafeLength"/> characters: it will also hide unrelated text, and a
    /// short value is easy to guess from the text around a <c>***</c>.
    /// </summary>
    Short,

    /// <summary>Over <see cref="SecretMasker.MaximumLength"/> characters: NOT masked (its encoded forms would be too large to hold).</summary>
    TooLong,
}
