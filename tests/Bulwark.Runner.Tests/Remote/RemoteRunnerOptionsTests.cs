using Bulwark.Runner.Remote;

namespace Bulwark.Runner.Tests.Remote;

public sealed class RemoteRunnerOptionsTests
{
    [Fact]
    public void The_defaults_are_valid_and_a_bad_setting_is_named()
    {
        new RemoteRunnerOptions().Validate().Concurrency.ShouldBe(1);
        Should.Throw<ArgumentException>(() => new RemoteRunnerOptions { Concurrency = 0 }.Validate()).Message.ShouldContain("Concurrency");
        Should.Throw<ArgumentException>(() => new RemoteRunnerOptions { LeaseWaitSeconds = 31 }.Validate()).Message.ShouldContain("LeaseWaitSeconds");
        Should.Throw<ArgumentException>(() => new RemoteRunnerOptions { MinBackoff = TimeSpan.FromMinutes(2) }.Validate()).Message.ShouldContain("MinBackoff");
        Should.Throw<ArgumentException>(() => new RemoteRunnerOptions { DrainTimeout = TimeSpan.FromSeconds(-1) }.Validate()).Message.ShouldContain("DrainTimeout");
    }

    [Fact]
    public void Backoff_grows_from_the_minimum_to_the_cap_with_jitter_and_resets()
    {
        var backoff = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(8));
        backoff.Next().ShouldBe(TimeSpan.FromSeconds(1));
        var waits = Enumerable.Range(0, 50).Select(_ => backoff.Next()).ToList();
        waits.ShouldAllBe(w => w >= TimeSpan.FromSeconds(1) && w <= TimeSpan.FromSeconds(8));
        waits.Distinct().Count().ShouldBeGreaterThan(10, "jitter spreads the retries of many runners");
        backoff.Reset();
        backoff.Next().ShouldBe(TimeSpan.FromSeconds(1));
    }
}
