using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Bulwark.Server.Audit;

/// <summary>
/// The newest entry the log is known to have reached: its sequence number and hash, sealed with the audit seal
/// key. A hash chain cannot show that its newest entries were cut off; comparing the database with this anchor,
/// kept outside the database (<see cref="AuditHeadFile"/>), can.
/// </summary>
internal sealed record AuditHead(long Sequence, byte[] Hash, byte[] Seal)
{
    private const string Magic = "bulwark-audit-head/v1";

    public static AuditHead Create(long sequence, byte[] hash, byte[] sealKey) => new(sequence, hash, ComputeSeal(sealKey, sequence, hash));

    public bool SealMatches(byte[] sealKey) => CryptographicOperations.FixedTimeEquals(ComputeSeal(sealKey, Sequence, Hash), Seal);

    /// <summary>One line: magic, sequence, hash and seal in hex.</summary>
    public string Format() =>
        string.Create(CultureInfo.InvariantCulture, $"{Magic} {Sequence} {Convert.ToHexStringLower(Hash)} {Convert.ToHexStringLower(Seal)}\n");

    /// <summary>The anchor in <paramref name="text"/>, or null when it is not exactly one well-formed line.</summary>
    public static AuditHead? Parse(string text)
    {
        var parts = text.TrimEnd('\n').Split(' ');
        if (parts.Length != 4 || parts[0] != Magic
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) || sequence < 1
            || parts[2].Length != 64 || parts[3].Length != 64)
        {
            return null;
        }
        try
        {
            return new AuditHead(sequence, Convert.FromHexString(parts[2]), Convert.FromHexString(parts[3]));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    // Domain-separated from entry seals (which cover a bare 32-byte hash), so one can never stand in for the other.
    private static byte[] ComputeSeal(byte[] sealKey, long sequence, byte[] hash) =>
        HMACSHA256.HashData(sealKey, Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{Magic}:{sequence}:{Convert.ToHexStringLower(hash)}")));
}
