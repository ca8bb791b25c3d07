using Bulwark.Server.Tests.Infrastructure;

namespace Bulwark.Server.Tests.Operations;

public sealed class FileWatchingTests
{
    /// <summary>
    /// The host's default configuration watched the start-up directory recursively for appsettings changes: one
    /// inotify watch per folder of whatever checkout the server was started in (1,142 in this repository).
    /// </summary>
    [Fact]
    public async Task The_server_watches_no_files()
    {
        OperatingSystem.IsLinux().ShouldBeTrue("the test reads /proc to count inotify watches");
        await using var server = await TestServer.StartAsync(Provider.Sqlite);
        (await server.Client().GetStringAsync("/healthz")).ShouldBe("ok\n");
        var watches = 0;
        foreach (var fd in Directory.GetFiles("/proc/self/fdinfo"))
        {
            try
            {
                watches += File.ReadLines(fd).Count(line => line.StartsWith("inotify ", StringComparison.Ordinal));
            }
            catch (IOException)
            {
                // The descriptor closed while we looked.
            }
        }
        watches.ShouldBe(0);
    }
}
