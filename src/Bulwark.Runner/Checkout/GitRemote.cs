using System.Globalization;
using System.Text;
using Bulwark.Runner.Jobs;

namespace Bulwark.Runner.Checkout;

/// <summary>
/// Reads single files of a remote commit without a working tree (the server uses it for <c>.bulwark.yml</c> of a
/// pushed commit): a temporary bare repository, a depth-1 fetch of the commit, <c>git ls-tree</c> for the
/// entry and <c>git cat-file</c> for its bytes. Same hardening and credentials as <see cref="GitCheckout"/>.
/// </summary>
internal sealed class GitRemote(GitOptions options)
{
    public const int MaxPathLength = 4096;

    private readonly GitOptions _options = options.Validate();

    /// <summary>
    /// The bytes of <paramref name="path"/> (relative to the repository root) at <see cref="JobCheckout.Commit"/>,
    /// or null when the commit has no such file.
    /// </summary>
    /// <exception cref="CheckoutException">
    /// The commit cannot be fetched; the path is not a regular file (a directory, symlink or submodule); or the file is
    /// larger than <paramref name="maxBytes"/>.
    /// </exception>
    public async Task<byte[]?> ReadFileAsync(JobCheckout source, string path, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        ValidatePath(path);
        // Only the tip is needed to read a file, whatever depth the job would check out.
        var commitOnly = source with { Depth = 1 };
        GitFetch.Validate(commitOnly);
        using var session = GitSession.Start(commitOnly, _options);
        var repository = Path.Combine(session.PrivateDirectory, "repository.git");
        Directory.CreateDirectory(repository);
        await session.RunCheckedAsync(repository, ["init", "--quiet", "--bare", "--template="], "creating a temporary repository", cancellationToken);
        await GitFetch.FetchCommitAsync(session, repository, commitOnly, (_, _) => Task.CompletedTask, cancellationToken);

        var entry = await session.RunCheckedAsync(repository, ["ls-tree", "-z", "--full-tree", commitOnly.Commit, "--", path], $"listing {path}", cancellationToken);
        var (mode, type, id) = ParseEntry(entry.Output, path);
        if (id is null)
        {
            return null;
        }
        if (type != "blob" || mode is not ("100644" or "100755"))
        {
            throw new CheckoutException($"{path} at {commitOnly.Commit} is not a regular file");
        }
        var sizeText = (await session.RunCheckedAsync(repository, ["cat-file", "-s", id], $"reading the size of {path}", cancellationToken)).OutputText;
        if (!long.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out var size))
        {
            throw new CheckoutException($"git reported an unreadable size for {path}");
        }
        if (size > maxBytes)
        {
            throw new CheckoutException($"{path} at {commitOnly.Commit} is {size} bytes, more than the limit of {maxBytes} bytes");
        }
        var blob = await session.RunAsync(repository, ["cat-file", "blob", id], maxBytes, cancellationToken);
        if (!blob.Succeeded || blob.OutputTruncated || blob.Output.LongLength != size)
        {
            throw new CheckoutException(GitSession.Failure($"reading {path}", blob));
        }
        return blob.Output;
    }

    /// <summary>
    /// The commit <paramref name="fullRef"/> points at on the remote (<c>git ls-remote</c>; an annotated tag is
    /// peeled to its commit), or null when the remote has no such ref. Only the URL and credentials of
    /// <paramref name="source"/> are used.
    /// </summary>
    /// <exception cref="CheckoutException">The ref name is not a full ref, or the remote cannot be reached.</exception>
    public async Task<string?> ResolveRefAsync(JobCheckout source, string fullRef, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        GitFetch.Validate(source with { Ref = fullRef, Depth = 1 });
        using var session = GitSession.Start(source, _options);
        var listed = await session.RunCheckedAsync(session.PrivateDirectory, ["ls-remote", "--", session.Remote.Url, fullRef, fullRef + "^{}"], $"listing {fullRef}", cancellationToken);
        string? direct = null;
        foreach (var line in listed.OutputText.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split('\t');
            if (parts.Length != 2 || parts[0].Length != 40)
            {
                continue;
            }
            if (parts[1] == fullRef + "^{}")
            {
                return parts[0];
            }
            if (parts[1] == fullRef)
            {
                direct = parts[0];
            }
        }
        return direct;
    }

    /// <summary>A plain relative path: no absolute paths, empty, '.' or '..' segments, backslashes or control characters.</summary>
    private static void ValidatePath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var valid = path.Length is > 0 and <= MaxPathLength
            && !path.Any(c => char.IsControl(c) || c == '\\')
            && path.Split('/').All(segment => segment.Length > 0 && segment is not ("." or ".."));
        if (!valid)
        {
            throw new CheckoutException($"the path to read must be relative, at most {MaxPathLength} characters, without '.', '..' or empty segments");
        }
    }

    /// <summary>One <c>ls-tree -z</c> record, "mode SP type SP id TAB path NUL"; (null, null, null) when there is none for <paramref name="path"/>.</summary>
    private static (string? Mode, string? Type, string? Id) ParseEntry(byte[] output, string path)
    {
        foreach (var record in Encoding.UTF8.GetString(output).Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var tab = record.IndexOf('\t', StringComparison.Ordinal);
            if (tab < 0 || !string.Equals(record[(tab + 1)..], path, StringComparison.Ordinal))
            {
                continue;
            }
            var fields = record[..tab].Split(' ');
            if (fields.Length == 3)
            {
                return (fields[0], fields[1], fields[2]);
            }
        }
        return (null, null, null);
    }
}
