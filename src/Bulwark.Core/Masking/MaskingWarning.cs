namespace Bulwark.Core.Masking;

/// <summary>
/// Something the caller should know about one of the values given to <see cref="SecretMasker.Create"/>.
/// Never contains the value or its length: <see cref="ValueIndex"/> lets the caller name the secret instead.
/// </summary>
/// <param name="ValueIndex">Zero-based position of the value in the sequence given to <see cref="SecretMasker.Create"/>.</param>
/// <param name="Kind">What happened to the value.</param>
/// <param name="Message">A sentence for people, without the value.</param>
public sealed record MaskingWarning(int ValueIndex, MaskingWarningKind Kind, string Message);
