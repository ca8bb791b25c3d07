namespace Bulwark.Integrity.Signing;

/// <summary>A key or certificate file is not usable; the message says why (unsupported algorithm, garbled PEM, …).</summary>
internal sealed class KeyFormatException(string message, Exception? inner = null) : Exception(message, inner);
