using System.Globalization;

namespace Bulwark.Scanning.Secrets.History;

/// <summary>
/// Where a history scan is. Commits and blobs are listed while git walks history, so
/// <see cref="BlobsListed"/> grows until the walk ends; <see cref="BlobsScanned"/> trails it.
/// </summary>
internal sealed record GitHistoryProgress(long Commits, long BlobsListed, long BlobsScanned)
{
    public override string ToString() => string.Format(
        CultureInfo.InvariantCulture, "{0:N0} commits, {1:N0} of {2:N0} blobs", Commits, BlobsScanned, BlobsListed);
}
