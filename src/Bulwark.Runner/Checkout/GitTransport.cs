namespace Bulwark.Runner.Checkout;

/// <summary>The transports a repository URL may use; git is allowed exactly the one in use, nothing else.</summary>
internal enum GitTransport
{
    Https,
    Ssh,

    /// <summary>A repository on the local disk (<c>file://</c> or an absolute path).</summary>
    File,

    /// <summary>Plain HTTP to a loopback address: never leaves the machine, so a token cannot be sniffed on the wire.</summary>
    LoopbackHttp,
}
