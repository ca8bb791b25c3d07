using System.Text.Json;

namespace Bulwark.Cli.Commands;

/// <summary>
/// What a registered runner keeps between starts, in <c>{data-dir}/runner/runner.json</c>: the server it registered
/// with, its id, name and labels, and its credential. The directory is 0700 and the file 0600, written whole or not at
/// all; a file others can read is refused rather than used, since the credential lets anyone take this runner's jobs.
/// </summary>
internal sealed record RunnerState(string Server, string Id, string Name, IReadOnlyList<string> Labels, string Credential)
{
    public const string DirectoryName = "runner";
    public const string FileName = "runner.json";
    private const int MaxBytes = 64 * 1024;
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Never the credential: records would print every property.</summary>
    public override string ToString() => $"runner {Name} ({Id}) of {Server}";

    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, DirectoryName, FileName);

    /// <summary>The saved state, or null when the runner has not registered yet.</summary>
    /// <exception cref="InvalidDataException">The file is unreadable, damaged, too large or readable by others.</exception>
    public static RunnerState? Load(string dataDirectory)
    {
        var path = PathIn(dataDirectory);
        if (!File.Exists(path))
        {
            return null;
        }
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & ~(OwnerOnly | UnixFileMode.UserExecute)) != 0)
        {
            throw new InvalidDataException($"{path} holds the runner's credential but others can read or write it; run 'chmod 600 {path}' (and consider disabling this runner and registering again)");
        }
        if (new FileInfo(path).Length > MaxBytes)
        {
            throw new InvalidDataException($"{path} is larger than {MaxBytes} bytes: it is not a runner state file");
        }
        try
        {
            var state = JsonSerializer.Deserialize<RunnerState>(File.ReadAllBytes(path), ServerJson.Options);
            return state is { Server.Length: > 0, Id.Length: > 0, Name.Length: > 0, Credential.Length: > 0, Labels: not null }
                ? state
                : throw new InvalidDataException($"{path} is incomplete; delete it to register again");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path} is damaged ({ex.Message}); delete it to register again", ex);
        }
    }

    /// <summary>Writes the state (directory 0700, file 0600 from its creation), replacing any earlier one in one rename.</summary>
    public void Save(string dataDirectory)
    {
        var directory = Path.Combine(Core.Configuration.DataDirectory.Ensure(dataDirectory), DirectoryName);
        Core.Configuration.DataDirectory.Ensure(directory);
        var path = Path.Combine(directory, FileName);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = OwnerOnly;
            }
            using (var stream = new FileStream(temporary, options))
            {
                JsonSerializer.Serialize(stream, this, ServerJson.Indented);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
