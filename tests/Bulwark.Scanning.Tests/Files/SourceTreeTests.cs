using Bulwark.Core.Findings;
using Bulwark.Scanning.Files;
using Bulwark.Tests.Shared;

namespace Bulwark.Scanning.Tests.Files;

public sealed class SourceTreeTests : IDisposable
{
    private readonly TempDirectory _temp = new("bulwark-tree-");

    private string Root => _temp.Path;

    public void Dispose() => _temp.Dispose();

    private void Write(string relative, string content = "x\n") => _temp.Write(relative, content);

    private List<string> List(bool respectIgnore = true, PathFilter? filter = null, List<Notice>? notices = null) =>
        SourceTree.Enumerate(Root, respectIgnore, filter ?? PathFilter.None, n => notices?.Add(n))
            .Select(f => f.RelativePath).Order(StringComparer.Ordinal).ToList();

    [Fact]
    public void Nested_gitignore_files_apply_below_their_folder_outside_git()
    {
        Write(".gitignore", "build/\n");
        Write("a/.gitignore", "*.log\n!keep.log\n");
        Write("a/x.log");
        Write("a/keep.log");
        Write("a/deep/y.log");
        Write("b/x.log");
        Write("build/out.txt");
        List().ShouldBe([".gitignore", "a/.gitignore", "a/keep.log", "b/x.log"]);
        List(respectIgnore: false).ShouldContain("build/out.txt");
    }

    [Fact]
    public void Git_metadata_and_symlinked_directories_are_never_walked()
    {
        Write(".git/config", "[core]\n");
        Write("src/app.py");
        Directory.CreateSymbolicLink(Path.Combine(Root, "src", "loop"), Root);
        File.CreateSymbolicLink(Path.Combine(Root, "link.py"), Path.Combine(Root, "src", "app.py"));
        List(respectIgnore: false).ShouldBe(["src/app.py"]);
    }

    [Fact]
    public void Exclude_patterns_skip_files_and_folders()
    {
        Write("vendor/lib.py");
        Write("src/app.py");
        Write("src/app.min.js");
        Write("img/logo.png");
        List(filter: new PathFilter(["vendor/", "*.min.js"])).ShouldBe(["src/app.py"]);
    }

    [Fact]
    public void Inside_git_untracked_files_are_listed_and_ignored_or_deleted_ones_are_not()
    {
        using var repository = TestGitRepository.Create();
        repository.Write(".gitignore", "*.env\n");
        repository.Write("tracked.py", "x = 1\n");
        repository.Write("gone.py", "y = 2\n");
        repository.Commit("init");
        repository.Delete("gone.py");
        repository.Write("new.py", "z = 3\n");
        repository.Write("local.env", "T=1\n");
        var files = SourceTree.Enumerate(repository.Path, respectIgnore: true, PathFilter.None, _ => { })
            .Select(f => f.RelativePath).Order(StringComparer.Ordinal).ToList();
        files.ShouldBe([".gitignore", "new.py", "tracked.py"]);
    }
}
