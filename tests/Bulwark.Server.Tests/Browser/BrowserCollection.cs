namespace Bulwark.Server.Tests.Browser;

/// <summary>
/// Browser tests run alone, after the parallel ones: Chromium and a server on two loaded cores made a page step
/// exceed even generous timeouts when dozens of other servers were starting beside it.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserCollection
{
    public const string Name = "Browser";
}
