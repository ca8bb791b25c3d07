namespace Bulwark.Scanning.Tests.Web;

/// <summary>The switches of the DAST target app: each turns on one weakness; None is the hardened twin.</summary>
[Flags]
public enum Weakness
{
    None = 0,
    MissingHeaders = 1 << 0,
    CookieFlags = 1 << 1,
    Cors = 1 << 2,
    Banner = 1 << 3,
    ErrorDisclosure = 1 << 4,
    ExposedFile = 1 << 5,
    DirectoryListing = 1 << 6,
    DebugEndpoint = 1 << 7,
    Xss = 1 << 8,
    Sqli = 1 << 9,
    BlindSqli = 1 << 10,
    PathTraversal = 1 << 11,
    OpenRedirect = 1 << 12,
    Ssrf = 1 << 13,
    UnauthenticatedEndpoint = 1 << 14,
    MissingRateLimit = 1 << 15,
    OversizedBody = 1 << 16,
    AuthBypass = 1 << 17,
    PromptInjection = 1 << 18,
    JwtNone = 1 << 19,
    All = (1 << 20) - 1,
}
