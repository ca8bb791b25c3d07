using Bulwark.Core.Findings;

namespace Bulwark.Ml.ModelFiles.Containers;

/// <summary>
/// Rules for the containers around model data (zip, tar, PyTorch). Most are structural tricks that make one
/// reader (a scanner) see different content from another (the loader): each says which readers disagree.
/// </summary>
internal static class ContainerRules
{
    public static readonly RuleDescriptor ZipHeaderMismatch = Rule(
        "model-zip-header-mismatch", "Zip local header disagrees with the central directory", Severity.High,
        "A member's local header names a different file (or compression method) than its central-directory entry. Python's zipfile and torch's miniz trust different headers, so a scanner and the loader can read different content.",
        "Treat the archive as hostile; re-export the model from its source.");

    public static readonly RuleDescriptor ZipDuplicateName = Rule(
        "model-zip-duplicate-name", "Zip members with the same name", Severity.High,
        "Two members share a name (exactly or up to case). Readers pick different ones (zipfile the last, miniz the first, case-insensitive file systems either), so a benign copy can shadow a malicious one.",
        "Treat the archive as hostile; a framework never writes duplicate names.");

    public static readonly RuleDescriptor ZipPrependedData = Rule(
        "model-zip-prepended-data", "Data before the first zip member", Severity.High,
        "Bytes precede the first member. Zip readers skip them, but loaders that read from the start (torch.load's legacy path unpickles them) execute them: a file can be a pickle and a zip at once.",
        "Treat the file as hostile unless it is a known self-extracting archive.");

    public static readonly RuleDescriptor ZipOverlap = Rule(
        "model-zip-overlap", "Zip members overlap", Severity.High,
        "Two members (or a member and the central directory) share bytes. Overlapping members are used for zip bombs and to show different content to different readers.",
        "Treat the archive as hostile.");

    public static readonly RuleDescriptor ZipUnlistedData = Rule(
        "model-zip-unlisted-data", "Bytes between zip members that no entry lists", Severity.Medium,
        "The central directory does not account for these bytes. Streaming readers that walk local headers see members here that directory-based readers (and scanners) do not.",
        "Re-create the archive with a standard tool.");

    public static readonly RuleDescriptor ZipEncrypted = Rule(
        "model-zip-encrypted", "Encrypted zip member", Severity.Medium,
        "The member is encrypted, so it cannot be scanned. Model frameworks never encrypt members.",
        "Obtain an unencrypted copy and scan it.");

    public static readonly RuleDescriptor ZipUnusualFlags = Rule(
        "model-zip-unusual-flags", "Zip member with unusual flag bits", Severity.Medium,
        "The member sets general-purpose flag bits (patched data, reserved bits) that readers interpret differently.",
        "Re-create the archive with a standard tool.");

    public static readonly RuleDescriptor ZipCrcMismatch = Rule(
        "model-zip-crc-mismatch", "Zip member CRC does not match its content", Severity.Medium,
        "The stored CRC-32 differs from the content. Strict readers refuse the member, lenient ones load it: a way to make a scanner skip what the loader runs.",
        "Treat the archive as tampered with.");

    public static readonly RuleDescriptor ZipSizeMismatch = Rule(
        "model-zip-size-mismatch", "Zip member sizes disagree", Severity.Medium,
        "The local header, data descriptor and central directory give different sizes or checksums for one member, or the data is longer than declared. Readers that trust different records read different bytes.",
        "Treat the archive as tampered with.");

    public static readonly RuleDescriptor ZipTrailingData = Rule(
        "model-zip-trailing-data", "Data after the zip end record", Severity.Medium,
        "Bytes follow the end of central directory record. Readers that search for the end record from the back may find a different archive than those that read forward.",
        "Re-create the archive with a standard tool.");

    public static readonly RuleDescriptor ZipCommentTrick = Rule(
        "model-zip-comment", "Zip comment hides zip structures", Severity.Medium,
        "The archive comment contains zip signatures or a second end record, or its length does not match the file. Readers disagree on which end record is real.",
        "Re-create the archive with a standard tool.");

    public static readonly RuleDescriptor ZipPathTraversal = Rule(
        "model-zip-path-traversal", "Archive member name escapes the extraction folder", Severity.Medium,
        "The name is absolute, contains '..' segments, a drive letter, backslashes or control characters. Extracting the archive writes outside the target folder.",
        "Never extract this archive; re-create it with plain relative names.");

    public static readonly RuleDescriptor ZipTooManyMembers = Rule(
        "model-zip-too-many-members", "Archive has more members than the scan limit", Severity.Medium,
        "Only the first members were scanned; the rest could hide anything.",
        "Raise the member limit or split the archive.");

    public static readonly RuleDescriptor ZipBomb = Rule(
        "model-zip-compression-bomb", "Zip member expands far beyond its compressed size", Severity.Medium,
        "The member's declared or actual size is extreme for its compressed size or beyond the member limit; loaders that inflate it exhaust memory or disk.",
        "Do not extract; check where the archive came from.");

    public static readonly RuleDescriptor ZipUnsupportedMethod = Rule(
        "model-zip-unsupported-method", "Zip member uses an unusual compression method", Severity.Medium,
        "Only stored and deflated members are scanned. Model frameworks write nothing else, and torch's reader cannot load other methods, but other readers may.",
        "Re-create the archive with stored or deflated members.");

    public static readonly RuleDescriptor ZipNestedArchive = Rule(
        "model-zip-nested-archive", "Archive inside an archive", Severity.Medium,
        "A member is itself a zip archive. Many scanners do not open nested archives; Bulwark scans it (to a bounded depth).",
        "Check why the model ships an archive inside an archive.");

    public static readonly RuleDescriptor ZipMalformed = Rule(
        "model-zip-malformed", "Malformed zip structure", Severity.Medium,
        "The end record, central directory or a local header is broken or truncated. Readers recover differently, which is what evasion relies on.",
        "Re-create the archive with a standard tool.");

    public static readonly RuleDescriptor TarChecksum = Rule(
        "model-tar-checksum", "Tar header checksum is wrong", Severity.Medium,
        "Python's tarfile stops at a header with a bad checksum while other tar readers go on, so members after it are seen by some readers only.",
        "Treat the archive as tampered with.");

    public static readonly RuleDescriptor TarDuplicateName = Rule(
        "model-tar-duplicate-name", "Tar members with the same name", Severity.High,
        "Two members share a name (exactly or up to case); extraction keeps the last, scanners may look at the first.",
        "Treat the archive as hostile.");

    public static readonly RuleDescriptor TarSpecialEntry = Rule(
        "model-tar-special-entry", "Tar link or device entry", Severity.Medium,
        "Symbolic links, hard links and device entries make extraction read or write files outside the archive.",
        "Never extract this archive; model checkpoints contain regular files only.");

    public static readonly RuleDescriptor TarMalformed = Rule(
        "model-tar-malformed", "Malformed tar structure", Severity.Medium,
        "A header is truncated, has an unreadable size or extended header, or a member runs past the end of the file.",
        "Re-create the archive with a standard tool.");

    public static readonly RuleDescriptor TorchScriptCode = Rule(
        "model-torch-torchscript-code", "PyTorch archive carries TorchScript code", Severity.Medium,
        "The archive contains TorchScript source (code/*.py) that torch.jit.load compiles and runs. TorchScript is restricted, but it can read and write files through tensor operators.",
        "Load it only if you trust the publisher; prefer weights-only formats (safetensors).");

    public static readonly RuleDescriptor TorchScriptDangerousCall = Rule(
        "model-torch-torchscript-dangerous-call", "TorchScript code calls a dangerous operation", Severity.High,
        "The TorchScript source references an operation that reads or writes files, loads native libraries or other models, or Python that TorchScript itself never produces.",
        "Do not load the model; inspect the code member named in the finding.");

    public static readonly RuleDescriptor TorchLegacyMalformed = Rule(
        "model-torch-legacy-malformed", "Legacy PyTorch checkpoint could not be delimited", Severity.Medium,
        "The stacked pickles of a legacy (pre-1.6) checkpoint could not be walked, so the rest was scanned as one pickle stream.",
        "Re-save the model with a current torch.save (zip format), or better as safetensors.");

    public static IReadOnlyList<RuleDescriptor> All { get; } =
    [
        ZipHeaderMismatch, ZipDuplicateName, ZipPrependedData, ZipOverlap, ZipUnlistedData, ZipEncrypted, ZipUnusualFlags,
        ZipCrcMismatch, ZipSizeMismatch, ZipTrailingData, ZipCommentTrick, ZipPathTraversal, ZipTooManyMembers, ZipBomb,
        ZipUnsupportedMethod, ZipNestedArchive, ZipMalformed, TarChecksum, TarDuplicateName, TarSpecialEntry, TarMalformed,
        TorchScriptCode, TorchScriptDangerousCall, TorchLegacyMalformed,
    ];

    private static RuleDescriptor Rule(string id, string title, Severity severity, string description, string help) =>
        new(id, title, description, severity, help) { Tags = ["model", "container"] };
}
