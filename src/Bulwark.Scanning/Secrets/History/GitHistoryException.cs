namespace Bulwark.Scanning.Secrets.History;

/// <summary>
/// A history scan cannot start: the path is not a git repository, git is not installed, or --since does not
/// name a commit. The message says which, naming the path or revision; hosts report it as an input error.
/// Problems with single objects are never exceptions: they become notices and the scan goes on.
/// </summary>
internal sealed class GitHistoryException(string message, Exception? innerException = null) : Exception(message, innerException);
