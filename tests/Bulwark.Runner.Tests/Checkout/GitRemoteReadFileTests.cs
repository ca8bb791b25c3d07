using System.Text;
using Bulwark.Runner.Checkout;
using Bulwark.Runner.Jobs;

namespace Bulwark.Runner.Tests.Checkout;

public sealed class GitRemoteReadFileTests : IDisposable
{
    private readonly SourceRepository _source = SourceRepository.Create();
    private readonly GitRemote _remote = new(new GitOptions { AllowLocalRepositories = true });
    private readonly string _first;
    private readonly string _second;

    public GitRemoteReadFileTests()
    {
        _source.Write(".bulwark.yml", "on: push\njobs: {}\n");
        _source.Write("configs/train.yaml", "lr: 0.1\n");
        _first = _source.Commit("first");
        _source.Write(".bulwark.yml", "on: [push, manual]\njobs: {}\n");
        _source.Write("big.bin", new string('x', 10_000));
        File.CreateSymbolicLink(Path.Combine(_source.Path, "link.yml"), ".bulwark.yml");
        _second = _source.Commit("second");
    }

    private JobCheckout At(string commit) => new() { RepositoryUrl = _source.FileUrl, Commit = commit, Ref = "refs/heads/main", Depth = 0 };

    private Task<byte[]?> ReadAsync(string commit, string path, long maxBytes = 64 * 1024) =>
        _remote.ReadFileAsync(At(commit), path, maxBytes, CancellationToken.None);

    [Fact]
    public async Task Reads_the_file_as_it_was_at_the_commit()
    {
        Encoding.UTF8.GetString((await ReadAsync(_first, ".bulwark.yml"))!).ShouldBe("on: push\njobs: {}\n");
        Encoding.UTF8.GetString((await ReadAsync(_second, ".bulwark.yml"))!).ShouldBe("on: [push, manual]\njobs: {}\n");
        Encoding.UTF8.GetString((await ReadAsync(_first, "configs/train.yaml"))!).ShouldBe("lr: 0.1\n");
    }

    [Fact]
    public async Task A_file_the_commit_does_not_have_is_null()
    {
        (await ReadAsync(_first, "big.bin")).ShouldBeNull();
        (await ReadAsync(_second, "nope.yml")).ShouldBeNull();
        (await ReadAsync(_second, "configs/nope.yml")).ShouldBeNull();
    }

    [Fact]
    public async Task A_file_larger_than_the_limit_is_refused()
    {
        (await ReadAsync(_second, "big.bin", maxBytes: 10_000))!.Length.ShouldBe(10_000);

        var ex = await Should.ThrowAsync<CheckoutException>(() => ReadAsync(_second, "big.bin", maxBytes: 9_999));
        ex.Message.ShouldBe($"big.bin at {_second} is 10000 bytes, more than the limit of 9999 bytes");
    }

    [Theory]
    [InlineData("configs")]
    [InlineData("link.yml")]
    public async Task Directories_and_symlinks_are_not_files(string path)
    {
        (await Should.ThrowAsync<CheckoutException>(() => ReadAsync(_second, path))).Message.ShouldContain("is not a regular file");
    }

    [Theory]
    [InlineData("/etc/passwd")]
    [InlineData("../outside")]
    [InlineData("configs/../.bulwark.yml")]
    [InlineData("./.bulwark.yml")]
    [InlineData("configs/")]
    [InlineData("")]
    [InlineData("a\nb")]
    [InlineData("*.yml")]
    public async Task Paths_other_than_plain_relative_ones_are_refused_or_taken_literally(string path)
    {
        if (path == "*.yml")
        {
            // Pathspec magic is off: a glob is a file name like any other, and there is no file of that name.
            (await ReadAsync(_second, path)).ShouldBeNull();
            return;
        }
        await Should.ThrowAsync<CheckoutException>(() => ReadAsync(_second, path));
    }

    [Fact]
    public async Task A_missing_commit_is_a_checkout_error()
    {
        var ex = await Should.ThrowAsync<CheckoutException>(() => ReadAsync(new string('b', 40), ".bulwark.yml"));

        ex.Message.ShouldContain("was not found in the repository");
    }

    public void Dispose() => _source.Dispose();
}
