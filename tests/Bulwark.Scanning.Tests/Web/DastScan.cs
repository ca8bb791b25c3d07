using Bulwark.Scanning.Web;

namespace Bulwark.Scanning.Tests.Web;

/// <summary>Runs the real scan service against a target with test-friendly limits.</summary>
internal static class DastScan
{
    public static DastOptions Options(Uri target) => new()
    {
        Target = target,
        Rate = 500,
        MaxTime = TimeSpan.FromSeconds(90),
        SleepProbe = TimeSpan.FromSeconds(2),
        RequestTimeout = TimeSpan.FromSeconds(5),
        OversizedBodyBytes = 1 << 20,
    };

    public static Task<DastOutcome> RunAsync(DastOptions options, string? har = null) =>
        new DastScanService(TimeProvider.System).RunAsync(options, har, CancellationToken.None);

    public static string Category(string ruleId) => DastRules.All.First(r => r.Id == ruleId).Category;
}
