namespace Bulwark.Scanning.Dependencies.Database;

/// <summary>The advisory database is missing, damaged, or an update could not be applied; the message says what to do.</summary>
internal sealed class AdvisoryDatabaseException(string message, Exception? inner = null) : Exception(message, inner);
