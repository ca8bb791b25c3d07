using Bulwark.Core.Findings;

namespace Bulwark.Ml.ModelFiles;

/// <summary>
/// Says what importing (and calling) a Python global <c>module.name</c> from a model file means. Used by the
/// pickle analysis and by formats that name Python callables (Keras <c>module</c>/<c>registered_name</c>).
/// </summary>
internal interface IGlobalClassifier
{
    GlobalVerdict Classify(string module, string name);
}

/// <summary>Safe (allowlisted), Unknown (neither list), or Dangerous (with the severity and the reason).</summary>
internal sealed record GlobalVerdict(GlobalClass Class, Severity Severity, string Reason)
{
    public static GlobalVerdict Safe(string reason) => new(GlobalClass.Safe, Severity.Info, reason);
}

internal enum GlobalClass
{
    Safe,
    Unknown,
    Dangerous,
}
