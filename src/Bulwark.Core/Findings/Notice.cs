namespace Bulwark.Core.Findings;

public enum NoticeLevel
{
    /// <summary>Something was skipped on purpose (binary, too large); the scan is still complete.</summary>
    Info,

    /// <summary>Something could not be read or parsed; the rest of the scan went on.</summary>
    Warning,

    /// <summary>Input the user gave could not be used (bad config); the scan's result is in doubt.</summary>
    Error,
}

/// <summary>A message about the scan itself, naming the file (and position) it is about.</summary>
public sealed record Notice(NoticeLevel Level, string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}
