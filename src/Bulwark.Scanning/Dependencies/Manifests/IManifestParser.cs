namespace Bulwark.Scanning.Dependencies.Manifests;

/// <summary>Reads one kind of manifest or lockfile. Implementations are stateless and thread-safe.</summary>
internal interface IManifestParser
{
    /// <summary>Short name of the format for messages, e.g. "poetry.lock".</summary>
    string Format { get; }

    /// <summary>True when a file with this name (no directory) is this parser's format.</summary>
    bool Matches(string fileName);

    /// <summary>
    /// Parses the file. Never throws for bad content: problems become <see cref="ManifestParseResult.Errors"/>
    /// naming the file and line. Only I/O failures of the file itself may throw.
    /// </summary>
    ManifestParseResult Parse(ManifestInput input, CancellationToken cancellationToken);
}
