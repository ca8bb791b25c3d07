namespace Bulwark.Scanning.Code.Analysis;

/// <summary>Where untrusted data came from.</summary>
internal enum TaintKind
{
    /// <summary>An HTTP request: Flask/FastAPI request objects and route parameters, Gradio handler inputs.</summary>
    Request,

    /// <summary>input() and sys.stdin.</summary>
    Input,

    /// <summary>Command-line arguments.</summary>
    Argv,

    Environment,

    /// <summary>A file read from a path that is not a literal.</summary>
    File,

    /// <summary>The answer of an LLM call (.invoke, .generate, chat.completions.create, …).</summary>
    Llm,

    /// <summary>Bytes fetched over the network (requests, urllib, hf_hub_download).</summary>
    Network,
}

/// <summary>A tainted value's origin: kind, where in the source it entered, and a short description for messages.</summary>
internal sealed record Taint(TaintKind Kind, int Offset, string Description)
{
    public bool IsUserControlled => Kind != TaintKind.Network;

    public bool IsRemoteInput => Kind is TaintKind.Request or TaintKind.Llm;
}
