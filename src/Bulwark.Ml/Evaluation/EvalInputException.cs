namespace Bulwark.Ml.Evaluation;

/// <summary>A metrics file that cannot be used; the message names the file and, where known, line and column.</summary>
internal sealed class EvalInputException(string message) : Exception(message);
