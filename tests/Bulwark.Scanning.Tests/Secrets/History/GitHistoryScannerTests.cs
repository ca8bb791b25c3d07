using System.Diagnostics;
using System.Globalization;
using System.Text;
using Bulwark.Core.Findings;
using Bulwark.Scanning.Files;
using Bulwark.Scanning.Secrets;
using Bulwark.Scanning.Secrets.History;

namespace Bulwark.Scanning.Tests.Secrets.History;

public sealed class GitHistoryScannerTests : IDisposable
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    // A rule of our own, so these tests do not depend on the default rule file.
    private static readonly Lazy<SecretRuleSet> Rules = new(LoadRules);

    private readonly TestGitRepository _repository = TestGitRepository.Create();

    public void Dispose() => _repository.Dispose();

    [Fact]
    public void Scan_reports_a_secret_with_the_commit_that_added_it_even_after_it_was_deleted()
    {
        _repository.Write("README.md", "# demo\n");
        _repository.Commit("initial");
        var token = Token(1);
        var addedOn = _repository.NextCommitDate;
        _repository.Write("config/settings.ini", $"[github]\nuser = demo\ntoken = {token}\n");
        var added = _repository.Commit("add settings", "Mallory Example", "mallory@example.invalid");
        _repository.Delete("config/settings.ini");
        _repository.Commit("remove settings");

        var (summary, sink) = Scan();

        var finding = sink.Findings().ShouldHaveSingleItem();
        finding.RuleId.ShouldBe("github-pat");
        finding.Location.Path.ShouldBe("config/settings.ini");
        finding.Location.Line.ShouldBe(3);
        var commit = finding.Location.Commit.ShouldNotBeNull();
        commit.Sha.ShouldBe(added);
        commit.Author.ShouldBe("Mallory Example");
        commit.Email.ShouldBe("mallory@example.invalid");
        commit.Date.ShouldBe(addedOn);
        finding.Evidence.ShouldNotContain(token);
        summary.Commits.ShouldBe(3);
        summary.Blobs.ShouldBe(2);
        sink.Notices().ShouldBeEmpty();
    }

    [Fact]
    public void Scan_reports_a_secret_kept_through_many_commits_once_with_its_first_commit()
    {
        var token = Token(2);
        _repository.Write("src/app.py", $"TOKEN = \"{token}\"\n");
        var introduced = _repository.Commit("add app");
        var body = new StringBuilder($"TOKEN = \"{token}\"\n");
        for (var i = 0; i < 12; i++)
        {
            body.Append(CultureInfo.InvariantCulture, $"def handler_{i}():\n    return {i}\n");
            _repository.Write("src/app.py", body.ToString());
            _repository.Commit($"change {i}");
        }
        // A branch that touches the file too, merged back: still the same finding.
        _repository.Git("checkout", "-q", "-b", "topic");
        _repository.Write("src/app.py", body + "# topic\n");
        _repository.Commit("topic change");
        _repository.Git("checkout", "-q", "main");
        _repository.Git("merge", "-q", "--no-ff", "-m", "merge topic", "topic");

        var (summary, sink) = Scan();

        var finding = sink.Findings().ShouldHaveSingleItem();
        finding.Location.Commit!.Sha.ShouldBe(introduced);
        summary.Commits.ShouldBe(15);
        summary.Blobs.ShouldBe(14);
    }

    [Fact]
    public void Scan_finds_a_secret_that_exists_only_on_another_branch()
    {
        _repository.Write("README.md", "# demo\n");
        _repository.Commit("initial");
        _repository.Git("checkout", "-q", "-b", "experiment");
        _repository.Write("deploy.sh", $"export GH_TOKEN={Token(3)}\n");
        var onBranch = _repository.Commit("try deploy");
        _repository.Git("checkout", "-q", "main");
        _repository.Write("README.md", "# demo\n\nmore\n");
        _repository.Commit("docs");

        var (_, sink) = Scan();

        var finding = sink.Findings().ShouldHaveSingleItem();
        finding.Location.Path.ShouldBe("deploy.sh");
        finding.Location.Commit!.Sha.ShouldBe(onBranch);
    }

    [Fact]
    public void Scan_since_a_commit_reports_only_newer_commits()
    {
        _repository.Write("old.env", $"TOKEN={Token(4)}\n");
        _repository.Commit("old secret");
        var since = _repository.Commit("checkpoint");
        _repository.Write("new.env", $"TOKEN={Token(5)}\n");
        var newer = _repository.Commit("new secret");

        var (summary, sink) = Scan(since: since[..10]);

        var finding = sink.Findings().ShouldHaveSingleItem();
        finding.Location.Path.ShouldBe("new.env");
        finding.Location.Commit!.Sha.ShouldBe(newer);
        summary.Commits.ShouldBe(1);
    }

    [Theory]
    [InlineData("no-such-revision")]
    [InlineData("--all")]
    public void Scan_since_something_that_is_not_a_commit_names_it(string since)
    {
        _repository.Write("a.txt", "a\n");
        _repository.Commit("initial");

        var error = Should.Throw<GitHistoryException>(() => Scan(since: since));

        error.Message.ShouldContain($"'{since}'");
    }

    [Fact]
    public void Scan_skips_excluded_paths()
    {
        _repository.Write("vendor/lib/client.js", $"const token = '{Token(6)}';\n");
        _repository.Write("src/main.js", $"const token = '{Token(7)}';\n");
        _repository.Commit("code");

        var (_, sink) = Scan(new PathFilter(["vendor/"]));

        sink.Findings().ShouldHaveSingleItem().Location.Path.ShouldBe("src/main.js");
    }

    [Fact]
    public void Scan_skips_blobs_over_the_size_limit_with_a_notice_and_reads_on()
    {
        _repository.Write("a-large.txt", $"token {Token(16)}\n" + new string('x', 5000) + "\n");
        _repository.Write("b-small.txt", $"token {Token(17)}\n");
        _repository.Commit("files");
        var options = new SecretScanOptions { Limits = new() { MaxFileBytes = 1000 }, Parallelism = 1 };

        var (summary, sink) = Scan(options: options);

        sink.Findings().ShouldHaveSingleItem().Location.Path.ShouldBe("b-small.txt");
        var notice = sink.Notices().ShouldHaveSingleItem();
        notice.Level.ShouldBe(NoticeLevel.Info);
        notice.Path.ShouldBe("a-large.txt");
        notice.Message.ShouldContain("larger than 1000 bytes");
        summary.Blobs.ShouldBe(1);
    }

    [Fact]
    public void Scan_warns_about_a_corrupt_object_and_still_scans_the_rest()
    {
        _repository.Write("a-broken.txt", $"token {Token(8)}\n");
        _repository.Write("b-fine.txt", $"token {Token(9)}\n");
        _repository.Commit("two secrets");
        var broken = _repository.Git("rev-parse", "HEAD:a-broken.txt");
        OverwriteObject(broken, Encoding.ASCII.GetBytes("this is not a zlib stream at all"));

        var (_, sink) = Scan();

        sink.Findings().ShouldHaveSingleItem().Location.Path.ShouldBe("b-fine.txt");
        var notice = sink.Notices().ShouldHaveSingleItem();
        notice.Level.ShouldBe(NoticeLevel.Warning);
        notice.Path.ShouldBe("a-broken.txt");
        notice.Message.ShouldContain($"git object {broken} (a-broken.txt) could not be read: error: inflate");
    }

    [Fact]
    public void Scan_restarts_git_when_a_truncated_object_kills_it_and_scans_the_rest()
    {
        // Large enough that cat-file has started streaming it when it finds the damage, and then dies.
        var random = new Random(10);
        var big = new StringBuilder();
        for (var i = 0; i < 4000; i++)
        {
            big.Append(CultureInfo.InvariantCulture, $"line {i} {random.Next()} {random.Next()}\n");
        }
        _repository.Write("a-big.txt", big.ToString());
        _repository.Write("b-next.txt", $"token {Token(11)}\n");
        _repository.Write("c-last.txt", $"token {Token(12)}\n");
        _repository.Commit("files");
        var broken = _repository.Git("rev-parse", "HEAD:a-big.txt");
        var path = _repository.LooseObjectPath(broken);
        var bytes = File.ReadAllBytes(path);
        OverwriteObject(broken, bytes[..(bytes.Length / 2)]);

        var (summary, sink) = Scan();

        sink.Findings().Select(f => f.Location.Path).ShouldBe(["b-next.txt", "c-last.txt"]);
        var notice = sink.Notices().ShouldHaveSingleItem();
        notice.Level.ShouldBe(NoticeLevel.Warning);
        notice.Message.ShouldContain($"git object {broken} (a-big.txt) could not be read: fatal:");
        summary.Blobs.ShouldBe(2);
    }

    [Fact]
    public void Scan_reports_a_failing_git_log_as_an_error_and_keeps_what_it_listed()
    {
        _repository.Write("early.txt", $"token {Token(14)}\n");
        var early = _repository.Commit("early secret");
        _repository.Write("late.txt", "nothing here\n");
        _repository.Commit("late");
        var tree = _repository.Git("rev-parse", "HEAD^{tree}");
        OverwriteObject(tree, Encoding.ASCII.GetBytes("garbage"));

        var (_, sink) = Scan();

        sink.Findings().ShouldHaveSingleItem().Location.Commit!.Sha.ShouldBe(early);
        var notice = sink.Notices().ShouldHaveSingleItem();
        notice.Level.ShouldBe(NoticeLevel.Error);
        notice.Message.ShouldStartWith("git log failed");
        notice.Message.ShouldContain(tree);
    }

    [Fact]
    public void Scan_of_a_directory_that_is_not_a_repository_names_it()
    {
        var directory = Path.Combine(Path.GetTempPath(), "bulwark-not-git-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var error = Should.Throw<GitHistoryException>(() => Scan(path: directory));
            error.Message.ShouldContain(directory);
            error.Message.ShouldContain("not a git repository");
        }
        finally
        {
            Directory.Delete(directory);
        }
    }

    [Fact]
    public void Scan_of_a_missing_directory_names_it()
    {
        var directory = Path.Combine(Path.GetTempPath(), "bulwark-missing-" + Guid.NewGuid().ToString("N"));

        Should.Throw<GitHistoryException>(() => Scan(path: directory)).Message.ShouldContain(directory);
    }

    [Fact]
    public void Scan_of_a_repository_without_commits_is_empty()
    {
        var (summary, sink) = Scan();

        summary.ShouldBe(new GitHistorySummary(0, 0));
        sink.Findings().ShouldBeEmpty();
    }

    [Fact]
    public void Scan_of_a_long_history_finds_a_secret_planted_deep_inside_it()
    {
        const int Commits = 2000;
        const int Planted = 1500;
        var marks = _repository.FastImport(LongHistory(Commits, Planted, Token(13)));
        var progress = new List<GitHistoryProgress>();
        var stopwatch = Stopwatch.StartNew();

        var (summary, sink) = Scan(progress: new SynchronousProgress(progress.Add));

        stopwatch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10));
        var finding = sink.Findings().ShouldHaveSingleItem();
        finding.Location.Path.ShouldBe("config/production.env");
        finding.Location.Commit!.Sha.ShouldBe(marks[Planted]);
        finding.Location.Commit.Author.ShouldBe("Dev 0");
        summary.Commits.ShouldBe(Commits);
        summary.Blobs.ShouldBe(Commits + 1);
        progress.ShouldNotBeEmpty();
        progress[^1].ShouldBe(new GitHistoryProgress(Commits, Commits + 1, Commits + 1));
    }

    [Fact]
    public void Scan_stops_promptly_when_cancelled()
    {
        _repository.FastImport(LongHistory(2000, 1000, Token(15)));
        using var cancellation = new CancellationTokenSource();
        var stopwatch = Stopwatch.StartNew();

        var error = Record.Exception(() => Scan(progress: new SynchronousProgress(_ => cancellation.Cancel()), cancellationToken: cancellation.Token));

        error.ShouldBeAssignableTo<OperationCanceledException>();
        stopwatch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10));
    }

    private (GitHistorySummary Summary, ScanSink Sink) Scan(
        PathFilter? filter = null, string? since = null, string? path = null, IProgress<GitHistoryProgress>? progress = null,
        SecretScanOptions? options = null, CancellationToken cancellationToken = default)
    {
        var sink = new ScanSink();
        var scanner = new GitHistoryScanner(Rules.Value, options ?? new SecretScanOptions { Parallelism = 2 }, filter ?? PathFilter.None);
        var summary = scanner.Scan(path ?? _repository.Path, since, sink, progress, cancellationToken);
        return (summary, sink);
    }

    private void OverwriteObject(string id, byte[] content)
    {
        var path = _repository.LooseObjectPath(id);
        File.SetAttributes(path, FileAttributes.Normal);
        File.WriteAllBytes(path, content);
    }

    /// <summary>A fake GitHub token, built at run time so this file holds none.</summary>
    private static string Token(int seed)
    {
        var random = new Random(seed);
        while (true)
        {
            var body = new string(Enumerable.Range(0, 36).Select(_ => Alphabet[random.Next(Alphabet.Length)]).ToArray());
            if (!FalsePositiveFilter.IsPlaceholder(body))
            {
                return "ghp_" + body;
            }
        }
    }

    /// <summary>
    /// A fast-import stream: each commit edits one of ten source files; commit <paramref name="planted"/> adds a
    /// file with a secret and the next commit deletes it.
    /// </summary>
    private static string LongHistory(int commits, int planted, string token)
    {
        var stream = new StringBuilder();
        for (var n = 1; n <= commits; n++)
        {
            var when = TestGitRepository.FirstCommitDate.ToUnixTimeSeconds() + (n * 60);
            var message = $"commit {n}\n";
            stream.Append(CultureInfo.InvariantCulture, $"commit refs/heads/main\nmark :{n}\n");
            stream.Append(CultureInfo.InvariantCulture, $"author Dev {n % 3} <dev{n % 3}@example.invalid> {when} +0000\n");
            stream.Append(CultureInfo.InvariantCulture, $"committer Dev {n % 3} <dev{n % 3}@example.invalid> {when} +0000\n");
            stream.Append(CultureInfo.InvariantCulture, $"data {Encoding.UTF8.GetByteCount(message)}\n{message}");
            AppendFile(stream, $"src/module{n % 10}.cs", $"namespace Demo;\n\n// revision {n}\npublic static class Module{n % 10}\n{{\n    public const int Revision = {n};\n}}\n");
            if (n == planted)
            {
                AppendFile(stream, "config/production.env", $"DATABASE_URL=postgres://db/app\nGITHUB_TOKEN={token}\n");
            }
            if (n == planted + 1)
            {
                stream.Append("D config/production.env\n");
            }
            stream.Append('\n');
        }
        return stream.ToString();
    }

    private static void AppendFile(StringBuilder stream, string path, string content) =>
        stream.Append(CultureInfo.InvariantCulture, $"M 100644 inline {path}\ndata {Encoding.UTF8.GetByteCount(content)}\n{content}\n");

    private static SecretRuleSet LoadRules()
    {
        var file = Path.Combine(Path.GetTempPath(), "bulwark-history-rules-" + Guid.NewGuid().ToString("N") + ".toml");
        File.WriteAllText(file, """
            [[rules]]
            id = "github-pat"
            description = "GitHub personal access token"
            regex = '''ghp_[A-Za-z0-9]{36}'''
            keywords = ["ghp_"]
            """);
        try
        {
            return SecretRuleLoader.LoadGitleaks(file);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Records reports on the reporting thread; <see cref="Progress{T}"/> would post them for later.</summary>
    private sealed class SynchronousProgress(Action<GitHistoryProgress> report) : IProgress<GitHistoryProgress>
    {
        public void Report(GitHistoryProgress value) => report(value);
    }
}
