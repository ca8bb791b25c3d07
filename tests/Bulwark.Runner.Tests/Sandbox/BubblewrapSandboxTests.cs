using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Bulwark.Runner.Sandbox;

namespace Bulwark.Runner.Tests.Sandbox;

/// <summary>Real bubblewrap: what a job can and cannot see or do.</summary>
public sealed class BubblewrapSandboxTests : IDisposable
{
    private readonly SandboxHarness _sandbox = new();

    [Fact]
    public async Task Job_cannot_read_a_directory_outside_its_workspace()
    {
        // Stands in for the server's data directory: world-readable even, and still invisible.
        var data = Directory.CreateTempSubdirectory("bulwark-data-");
        try
        {
            File.WriteAllText(Path.Combine(data.FullName, "master.key"), "top-secret-key-material");
            var run = await _sandbox.RunAsync($"cat '{data.FullName}/master.key'; ls /var/tmp /tmp '{AppContext.BaseDirectory}' 2>&1; echo done");

            run.Stdout.ShouldNotContain("top-secret-key-material");
            run.Stdout.ShouldNotContain("Bulwark.Runner.Tests.dll");
            run.Stdout.ShouldContain("done");
            run.Stderr.ShouldContain("No such file");
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_job_outlives_the_thread_that_asked_for_it()
    {
        // --die-with-parent kills bwrap when the thread that forked it exits: a job started from a thread that is
        // then retired (as thread-pool threads are) must still run to its end.
        // The thread stays until bwrap is up (it arms the signal when it starts), then goes away mid-job.
        Task<SandboxHarness.Captured>? running = null;
        var caller = new Thread(() =>
        {
            running = _sandbox.RunAsync("sleep 2; echo alive");
            Thread.Sleep(700);
        });
        caller.Start();
        caller.Join();

        var run = await running!;
        run.Result.ExitCode.ShouldBe(0, run.Stderr);
        run.Stdout.ShouldBe("alive\n");
    }

    [Fact]
    public async Task Workspace_is_writable_and_the_working_directory()
    {
        var workspace = _sandbox.NewWorkspace();
        var run = await _sandbox.RunAsync("pwd; echo made > out.txt; touch /usr/x 2>/dev/null || echo usr-read-only", workspace: workspace);

        run.Result.ExitCode.ShouldBe(0);
        run.Stdout.ShouldBe("/workspace\nusr-read-only\n");
        File.ReadAllText(Path.Combine(workspace, "out.txt")).ShouldBe("made\n");
    }

    [Fact]
    public async Task Network_is_loopback_only_unless_egress_is_asked_for()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var connect = $"if exec 3<>/dev/tcp/127.0.0.1/{port}; then echo connected; else echo refused; fi";

        var isolated = await _sandbox.RunAsync(["/bin/bash", "-c", connect], egress: false, null, null, null, default);
        var egress = await _sandbox.RunAsync(["/bin/bash", "-c", connect], egress: true, null, null, null, default);

        isolated.Stdout.ShouldBe("refused\n");
        egress.Stdout.ShouldBe("connected\n");
    }

    [Fact]
    public async Task Environment_holds_only_the_declared_variables_and_the_fixed_ones()
    {
        Environment.SetEnvironmentVariable("BULWARK_TEST_RUNNER_ONLY", "leaked-from-runner");
        var run = await _sandbox.RunAsync("env | sort", environment: new Dictionary<string, string> { ["DECLARED"] = "yes", ["HOME"] = "/elsewhere" });

        var names = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('=')[0]).ToHashSet();
        names.ShouldBe(["BULWARK", "CI", "DECLARED", "HOME", "PATH", "PWD"], ignoreOrder: true);
        run.Stdout.ShouldContain("HOME=/workspace\n");
        run.Stdout.ShouldContain("CI=true\n");
        run.Stdout.ShouldNotContain("leaked-from-runner");
    }

    [Fact]
    public async Task Environment_values_never_appear_on_a_command_line()
    {
        var run = await _sandbox.RunAsync("cat /proc/1/cmdline /proc/self/cmdline | tr '\\0' ' '",
            environment: new Dictionary<string, string> { ["TOKEN"] = "value-that-must-not-be-in-argv" });

        run.Stdout.ShouldContain("/bin/sh");
        run.Stdout.ShouldNotContain("value-that-must-not-be-in-argv");
    }

    [Fact]
    public async Task A_declared_LD_PRELOAD_reaches_only_the_job_not_the_runner_side_processes()
    {
        var run = await _sandbox.RunAsync(["/usr/bin/true"], egress: false, null,
            new Dictionary<string, string> { ["LD_PRELOAD"] = "/nonexistent-preload.so" }, null, default);

        // ld.so complains once per process that loads with it: only the job's own process may.
        CountOf(run.Stderr, "nonexistent-preload.so").ShouldBe(1);
    }

    [Fact]
    public async Task Job_has_its_own_pid_namespace_no_capabilities_and_an_unprivileged_user()
    {
        var run = await _sandbox.RunAsync("echo pid=$$; ls /proc | grep -c '^[0-9]'; grep CapEff /proc/self/status; id -u; hostname");

        var lines = run.Stdout.Split('\n');
        int.Parse(lines[0]["pid=".Length..]).ShouldBeLessThan(10);
        int.Parse(lines[1]).ShouldBeLessThan(8);
        lines[2].ShouldBe("CapEff:\t0000000000000000");
        var uid = int.Parse(lines[3]);
        uid.ShouldNotBe(0);
        if (Environment.IsPrivilegedProcess)
        {
            uid.ShouldBe(_sandbox.Options.SandboxUserId);
        }
        lines[4].ShouldBe("bulwark");
    }

    [Fact]
    public async Task Tmp_is_empty_and_private_to_each_run()
    {
        var first = await _sandbox.RunAsync("ls -A /tmp; echo mark > /tmp/mark; ls -A /tmp");
        var second = await _sandbox.RunAsync("ls -A /tmp");

        first.Stdout.ShouldBe("mark\n");
        second.Stdout.ShouldBe("");
    }

    [Fact]
    public async Task Exit_codes_are_propagated()
    {
        (await _sandbox.RunAsync("exit 7")).Result.ExitCode.ShouldBe(7);
        var ok = await _sandbox.RunAsync("echo out; echo err >&2");
        ok.Result.Succeeded.ShouldBeTrue();
        ok.Stdout.ShouldBe("out\n");
        ok.Stderr.ShouldBe("err\n");
    }

    [Fact]
    public async Task Timeout_kills_the_whole_tree_including_background_children()
    {
        var workspace = _sandbox.NewWorkspace();
        var token = HostProcesses.UniqueSleep();
        var clock = Stopwatch.StartNew();
        // The child writes its marker 2 s in, long after the 300 ms timeout even on a machine whose thread pool is starved.
        var run = await _sandbox.RunAsync($"(sleep 2; echo late > /workspace/marker; sleep {token}) & sleep {token}", timeout: TimeSpan.FromMilliseconds(300), workspace: workspace);

        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
        run.Result.TimedOut.ShouldBeTrue();
        run.Result.ExitCode.ShouldBeNull();
        HostProcesses.WithArgument(token).ShouldBeEmpty();
        await Task.Delay(2200);
        File.Exists(Path.Combine(workspace, "marker")).ShouldBeFalse();
    }

    [Fact]
    public async Task Background_children_do_not_outlive_a_command_that_exits()
    {
        var token = HostProcesses.UniqueSleep();
        var run = await _sandbox.RunAsync($"sleep {token} & echo started");

        run.Result.ExitCode.ShouldBe(0);
        HostProcesses.WithArgument(token).ShouldBeEmpty();
    }

    [Fact]
    public async Task Cancellation_kills_the_run_promptly()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();
        var run = await _sandbox.RunAsync("sleep 100", cancellationToken: cancel.Token);

        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
        run.Result.Cancelled.ShouldBeTrue();
        run.Result.TimedOut.ShouldBeFalse();
    }

    [Fact]
    public async Task Memory_limit_is_enforced_where_cgroups_are_writable_and_its_absence_is_announced()
    {
        using var limited = new SandboxHarness(configure: o => o with { MemoryLimitBytes = 64L * 1024 * 1024 });
        var cgroupsWritable = limited.Executor.Warnings.Count == 0;
        if (!cgroupsWritable)
        {
            Environment.IsPrivilegedProcess.ShouldBeFalse("as root (CI), v1 cgroups are writable here");
            limited.Executor.Warnings.ShouldHaveSingleItem().ShouldContain("NOT enforced");
            return;
        }
        var small = await limited.RunAsync("dd if=/dev/zero of=/dev/null bs=16M count=1 2>/dev/null && echo small-ok");
        var large = await limited.RunAsync("dd if=/dev/zero of=/dev/null bs=256M count=1");

        small.Stdout.ShouldBe("small-ok\n");
        large.Result.ExitCode.ShouldNotBe(0);
        large.Result.ExitCode.ShouldNotBeNull();
    }

    [Fact]
    public async Task Process_count_is_limited_and_job_cgroups_are_removed_afterwards()
    {
        using var limited = new SandboxHarness(configure: o => o with { MaxProcesses = 10 });
        if (limited.Executor.Warnings.Count > 0)
        {
            return;
        }
        var run = await limited.RunAsync("for i in $(seq 1 30); do sleep 2 & done 2>&1; echo forked");

        (run.Stdout + run.Stderr).ShouldContain("fork");
        var pidsParent = Path.Combine(CgroupLimits.Root, "pids");
        Directory.EnumerateDirectories(pidsParent, "bulwark-*", SearchOption.AllDirectories)
            .Where(d => File.ReadAllText(Path.Combine(d, "pids.max")).Trim() == "10")
            .ShouldBeEmpty();
    }

    [Fact]
    public async Task Egress_jobs_get_name_resolution_files_and_isolated_jobs_do_not()
    {
        var isolated = await _sandbox.RunAsync("ls /etc | sort | tr '\\n' ' '");
        var egress = await _sandbox.RunAsync("ls /etc | sort | tr '\\n' ' '", egress: true);

        isolated.Stdout.ShouldContain("passwd");
        isolated.Stdout.ShouldNotContain("resolv.conf");
        isolated.Stdout.ShouldNotContain("shadow");
        if (File.Exists("/etc/resolv.conf"))
        {
            egress.Stdout.ShouldContain("resolv.conf");
        }
        egress.Stdout.ShouldNotContain("shadow");
    }

    [Fact]
    public async Task An_unreachable_bind_is_a_clear_setup_error_when_running_as_root()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            return;
        }
        var hidden = Directory.CreateTempSubdirectory("bulwark-hidden-");
        try
        {
            var request = new SandboxRequest { Command = ["/bin/true"], Workspace = _sandbox.NewWorkspace(), Timeout = TimeSpan.FromSeconds(5), ReadOnlyBinds = [hidden.FullName] };
            var error = await Should.ThrowAsync<SandboxException>(() => _sandbox.Executor.RunAsync(request, (_, _, _) => ValueTask.CompletedTask, default));
            error.Message.ShouldContain("cannot be read by the sandbox user");
        }
        finally
        {
            hidden.Delete();
        }
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;

    public void Dispose() => _sandbox.Dispose();
}
