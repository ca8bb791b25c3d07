using System.Security.Cryptography;
using Bulwark.Runner.Jobs;
using Bulwark.Runner.Sandbox;

namespace Bulwark.Runner.Artifacts;

/// <summary>
/// Uploads collected artifacts: each file is opened once (no symlink followed, no FIFO waited on, regular files
/// only), hashed with SHA-256, rewound and streamed to the session through a stream that re-hashes what it
/// sends and fails if the content changed in between.
/// </summary>
internal static class ArtifactUploader
{
    /// <returns>The SHA-256 (lower-case hex) and length that were uploaded; null when the file was skipped (<paramref name="skipped"/> says why).</returns>
    public static async Task<(string Sha256, long Length)?> UploadAsync(ArtifactFile file, IJobSession session, Action<string> skipped, CancellationToken cancellationToken)
    {
        FileStream stream;
        try
        {
            stream = RegularFile.OpenRead(file.FullPath);
        }
        catch (IOException ex)
        {
            // A FIFO, socket or device (or a file replaced by a symlink) that a glob happened to match.
            skipped(ex.Message);
            return null;
        }
        await using (stream)
        {
            var length = stream.Length;
            var digest = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
            stream.Position = 0;
            await using var checkedStream = new DigestCheckingStream(stream, length, digest, file.RelativePath);
            await session.UploadArtifactAsync(file.RelativePath, digest, length, checkedStream, cancellationToken);
            return (digest, length);
        }
    }
}
