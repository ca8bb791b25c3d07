using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using Bulwark.Core.Masking;

namespace Bulwark.Core.Tests.Masking;

/// <summary>Random secrets, log-like text with encoded secrets planted in it, and random chunkings.</summary>
internal static class RandomLogs
{
    /// <summary>Printable ASCII, non-ASCII letters and symbols, a no-break space and an emoji (a surrogate pair).</summary>
    private static readonly string[] Atoms =
    [
        .. Enumerable.Range(' ', '~' - ' ' + 1).Select(c => ((char)c).ToString()),
        "é", "ß", "€", "中", "Ā", "ñ", "\u00A0", "\uD83D\uDE00", "Ж",
    ];

    private static readonly string[] Words =
    [
        "Restoring", "packages", "for", "/src/app.csproj", "Build", "succeeded.", "warning", "CS8618:", "error", "npm",
        "WARN", "deprecated", "pip", "install", "torch==2.3.1", "Downloading", "100%", "|", "eta", "0:00:01", "[INFO]",
        "step", "3/12", "sha256:9f86d081884c7d65", "GET", "https://example.org/api/v1/items?page=2&size=50", "->", "200",
        "{\"level\":\"info\",\"msg\":\"ok\"}", "dGhpcyBpcyBub3QgYSBzZWNyZXQ=", "0x7ffd5e8c", "Ünïcödé", "日本語", "\t",
    ];

    /// <summary>8 to 64 characters, not counting surrounding whitespace; one in five has line breaks.</summary>
    public static string Secret(Random random)
    {
        string secret;
        do
        {
            secret = Candidate(random);
        }
        while (secret.AsSpan().Trim().Length < SecretMasker.SafeLength);
        return secret;
    }

    private static string Candidate(Random random)
    {
        var multiLine = random.Next(5) == 0;
        var text = new StringBuilder();
        var length = random.Next(8, 65);
        while (text.Length < length)
        {
            text.Append(multiLine && random.Next(12) == 0 ? (random.Next(2) == 0 ? "\n" : "\r\n") : Atoms[random.Next(Atoms.Length)]);
        }
        return text.ToString();
    }

    /// <summary>Lines of log-like words, about <paramref name="length"/> characters.</summary>
    public static string Filler(Random random, int length)
    {
        var text = new StringBuilder(length + 64);
        while (text.Length < length)
        {
            text.Append(Words[random.Next(Words.Length)]).Append(random.Next(8) == 0 ? '\n' : ' ');
        }
        return text.ToString();
    }

    /// <summary>Inserts one spelling of <paramref name="secret"/>, the way a program might print it, at a random place.</summary>
    public static string Plant(Random random, string text, string secret) => Plant(random, text, secret, null);

    /// <summary>
    /// Plants <paramref name="secret"/> in some spelling at a random position that splits none of the
    /// <paramref name="planted"/> ranges (updated). A split spelling is no longer that spelling: no masker can hide
    /// it, and a secret ending in '*' would even read as complete next to the "***" that masks its neighbour.
    /// </summary>
    public static string Plant(Random random, string text, string secret, List<(int Start, int Length)>? planted)
    {
        var bytes = Encoding.UTF8.GetBytes(secret);
        // Random neighbours on both sides, so the secret lands at byte 0, 1 or 2 of a base64 group.
        var before = random.Next(3);
        var payload = new byte[before + bytes.Length + random.Next(4)];
        random.NextBytes(payload);
        bytes.CopyTo(payload, before);
        var spelling = random.Next(10) switch
        {
            0 => secret,
            1 => Convert.ToBase64String(payload),
            2 => Base64Url.EncodeToString(payload),
            3 => Uri.EscapeDataString(secret),
            4 => Uri.EscapeDataString(secret).Replace("%20", "+", StringComparison.Ordinal),
            5 => System.Web.HttpUtility.UrlEncode(secret),
            6 => JsonSerializer.Serialize(new { token = secret }),
            7 => Convert.ToHexString(bytes),
            8 => Convert.ToHexStringLower(bytes),
            _ => Line(random, secret),
        };
        var at = random.Next(text.Length + 1);
        if (planted is not null)
        {
            foreach (var (start, length) in planted)
            {
                if (at > start && at < start + length)
                {
                    at = start + length;
                }
            }
            for (var i = 0; i < planted.Count; i++)
            {
                if (planted[i].Start >= at)
                {
                    planted[i] = (planted[i].Start + spelling.Length, planted[i].Length);
                }
            }
            planted.Add((at, spelling.Length));
        }
        return string.Concat(text.AsSpan(0, at), spelling, text.AsSpan(at));
    }

    private static string Line(Random random, string secret)
    {
        var lines = secret.Split('\n');
        return lines[random.Next(lines.Length)];
    }

    /// <summary>Masks <paramref name="text"/> through a <see cref="MaskingWriter"/> in random chunks of 1 to <paramref name="maxChunk"/> characters.</summary>
    public static string WriteChunked(SecretMasker masker, string text, Random random, int maxChunk)
    {
        var output = new StringWriter();
        using (var writer = masker.CreateWriter(output))
        {
            for (var at = 0; at < text.Length;)
            {
                var size = Math.Min(text.Length - at, random.Next(1, maxChunk + 1));
                writer.Write(text.AsSpan(at, size));
                at += size;
            }
        }
        return output.ToString();
    }
}
