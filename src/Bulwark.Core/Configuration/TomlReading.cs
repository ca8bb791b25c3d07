using Tomlyn;
using Tomlyn.Model;

namespace Bulwark.Core.Configuration;

/// <summary>
/// Reads TOML into Tomlyn's table model with errors that name the file, line and column, and typed getters
/// whose errors name the key. Shared by bulwark.toml and gitleaks-format rule files.
/// </summary>
public static class TomlReading
{
    private const long MaxConfigBytes = 8L << 20;

    public static TomlTable ParseFile(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new ConfigException($"{path}: file not found");
        }
        if (info.Length > MaxConfigBytes)
        {
            throw new ConfigException($"{path}: configuration file is larger than {MaxConfigBytes >> 20} MiB");
        }
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"{path}: cannot read: {ex.Message}");
        }
        return Parse(text, path);
    }

    public static TomlTable Parse(string text, string sourceName)
    {
        try
        {
            return TomlSerializer.Deserialize<TomlTable>(text) ?? new TomlTable();
        }
        catch (TomlException ex)
        {
            var first = ex.Message.Split('\n')[0];
            throw new ConfigException($"{sourceName}:{ex.Line}:{ex.Column}: invalid TOML: {first}");
        }
        catch (ArgumentOutOfRangeException)
        {
            // Tomlyn's lexer throws this, with no position, when the input ends right after a backslash inside a string.
            throw new ConfigException($"{sourceName}: invalid TOML: a string escape is cut off by the end of the file");
        }
    }

    public static string? GetString(TomlTable table, string key, string where) => table.TryGetValue(key, out var value)
        ? value as string ?? throw new ConfigException($"{where}: '{key}' must be a string")
        : null;

    public static IReadOnlyList<string> GetStrings(TomlTable table, string key, string where)
    {
        if (!table.TryGetValue(key, out var value))
        {
            return [];
        }
        if (value is not TomlArray array)
        {
            throw new ConfigException($"{where}: '{key}' must be an array of strings");
        }
        var list = new List<string>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            list.Add(array[i] as string ?? throw new ConfigException($"{where}: '{key}[{i}]' must be a string"));
        }
        return list;
    }

    public static long? GetInteger(TomlTable table, string key, string where) => table.TryGetValue(key, out var value)
        ? value switch
        {
            long l => l,
            int i => i,
            _ => throw new ConfigException($"{where}: '{key}' must be an integer"),
        }
        : null;

    public static double? GetNumber(TomlTable table, string key, string where) => table.TryGetValue(key, out var value)
        ? value switch
        {
            double d => d,
            long l => l,
            int i => i,
            _ => throw new ConfigException($"{where}: '{key}' must be a number"),
        }
        : null;

    public static bool? GetBoolean(TomlTable table, string key, string where) => table.TryGetValue(key, out var value)
        ? value as bool? ?? throw new ConfigException($"{where}: '{key}' must be true or false")
        : null;

    public static TomlTable? GetTable(TomlTable table, string key, string where) => table.TryGetValue(key, out var value)
        ? value as TomlTable ?? throw new ConfigException($"{where}: '{key}' must be a table")
        : null;

    public static void RejectUnknownKeys(TomlTable table, string where, params string[] known)
    {
        foreach (var key in table.Keys)
        {
            if (Array.IndexOf(known, key) < 0)
            {
                throw new ConfigException($"{where}: unknown key '{key}' (known: {string.Join(", ", known)})");
            }
        }
    }
}
