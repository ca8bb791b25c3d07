using System.Security.Cryptography;
using System.Text;
using Bulwark.Integrity.Hashing;
using Bulwark.Tests.Shared;

namespace Bulwark.Integrity.Tests.Hashing;

public sealed class SymlinkTests : IDisposable
{
    private readonly TempDirectory temp = new("bulwark-links-");
    private readonly TempDirectory outside = new("bulwark-outside-");
    private readonly ModelHasher hasher = new();

    public void Dispose()
    {
        temp.Dispose();
        outside.Dispose();
    }

    private ModelManifest Hash(bool allow) =>
        hasher.Hash(temp.Path, new HashingOptions { AllowSymlinks = allow }, CancellationToken.None);

    [Fact]
    public void Symlink_is_refused_by_default_naming_it()
    {
        temp.Write("real.bin", "r");
        File.CreateSymbolicLink(temp.Combine("alias.bin"), temp.Combine("real.bin"));

        Should.Throw<ModelHashingException>(() => Hash(allow: false)).Message.ShouldContain("'alias.bin' is a symbolic link");
    }

    [Fact]
    public void Allowed_symlinks_are_followed_and_named_by_the_link()
    {
        temp.Write("real.bin", "r");
        temp.Write("shared/w.bin", "w");
        File.CreateSymbolicLink(temp.Combine("alias.bin"), "real.bin");
        Directory.CreateSymbolicLink(temp.Combine("linked"), temp.Combine("shared"));

        var manifest = Hash(allow: true);

        manifest.Resources.Select(r => r.Name).ShouldBe(["alias.bin", "linked/w.bin", "real.bin", "shared/w.bin"]);
        manifest.Resources[0].Digest.ShouldBe(SHA256.HashData(Encoding.UTF8.GetBytes("r")));
        manifest.Resources[1].Digest.ShouldBe(manifest.Resources[3].Digest);
    }

    [Fact]
    public void Allowed_symlink_pointing_outside_the_root_is_refused()
    {
        var target = outside.Write("secret.txt", "s");
        File.CreateSymbolicLink(temp.Combine("escape"), target);

        Should.Throw<ModelHashingException>(() => Hash(allow: true)).Message.ShouldContain("'escape' is a symbolic link that points outside the model root");
    }

    [Fact]
    public void Symlink_cycle_is_refused()
    {
        temp.Write("a/b/file.bin", "f");
        Directory.CreateSymbolicLink(temp.Combine("a/b/up"), "..");

        Should.Throw<ModelHashingException>(() => Hash(allow: true)).Message.ShouldContain("'a/b/up' is a symbolic link back to its own folder");
    }

    [Fact]
    public void Broken_symlink_is_an_error_naming_it()
    {
        File.CreateSymbolicLink(temp.Combine("dangling"), temp.Combine("gone"));

        Should.Throw<ModelHashingException>(() => Hash(allow: true)).Message.ShouldContain("'dangling' is a broken symbolic link");
    }

    [Fact]
    public void Single_file_model_that_is_a_symlink_needs_permission()
    {
        var target = outside.Write("model.bin", "m");
        var link = temp.Combine("model.bin");
        File.CreateSymbolicLink(link, target);

        Should.Throw<ModelHashingException>(() => hasher.Hash(link, new HashingOptions(), CancellationToken.None));
        hasher.Hash(link, new HashingOptions { AllowSymlinks = true }, CancellationToken.None)
            .Resources.ShouldHaveSingleItem().Digest.ShouldBe(SHA256.HashData("m"u8));
    }
}
