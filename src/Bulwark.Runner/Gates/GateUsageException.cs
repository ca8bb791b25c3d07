namespace Bulwark.Runner.Gates;

/// <summary>A gate step's <c>uses:</c> or <c>with:</c> cannot be run as written; the message says why.</summary>
internal sealed class GateUsageException(string message) : Exception(message);
