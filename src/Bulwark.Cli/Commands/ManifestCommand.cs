using System.CommandLine;
using Bulwark.Core.Files;
using Bulwark.Integrity.Manifests;

namespace Bulwark.Cli.Commands;

/// <summary>
/// <c>bulwark manifest create PATH --output F</c> and <c>bulwark manifest diff A B</c> (B: a manifest or a folder):
/// dataset manifests with per-file SHA-256 and a root digest. <c>diff</c> exits 0 when identical, 1 otherwise.
/// </summary>
internal static class ManifestCommand
{
    public static Command Build(TextWriter output, TextWriter error)
    {
        var manifest = new Command("manifest", "Dataset manifests: per-file SHA-256 and a root digest, and diffs between them");
        manifest.Subcommands.Add(BuildCreate(output, error));
        manifest.Subcommands.Add(BuildDiff(output, error));
        return manifest;
    }

    private static Command BuildCreate(TextWriter output, TextWriter error)
    {
        var path = new Argument<string>("PATH") { Description = "Dataset folder or file" };
        var file = new Option<string?>("--output", "-o") { Description = "Write the manifest here (default: standard output)" };
        var shared = new SigningOptions(withMethod: false);
        var command = new Command("create", "Write a manifest of a dataset");
        command.Arguments.Add(path);
        command.Options.Add(file);
        shared.AddTo(command);
        command.SetAction((parse, cancellationToken) =>
        {
            try
            {
                var created = DatasetManifests.Create(parse.GetValue(path)!, TimeProvider.System, cancellationToken, shared.Read(parse));
                var bytes = DatasetManifestWriter.Write(created);
                if (parse.GetValue(file) is { } target)
                {
                    AtomicFile.Write(target, bytes);
                    output.WriteLine($"{created.Files.Count} files, root {Convert.ToHexStringLower(created.RootDigest)} → {target}");
                }
                else
                {
                    output.Write(System.Text.Encoding.UTF8.GetString(bytes));
                }
                return Task.FromResult(ExitCodes.Clean);
            }
            catch (Exception ex) when (ex is Integrity.Hashing.ModelHashingException or IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"bulwark: {ex.Message}");
                return Task.FromResult(ExitCodes.UsageError);
            }
        });
        return command;
    }

    private static Command BuildDiff(TextWriter output, TextWriter error)
    {
        var before = new Argument<string>("BEFORE") { Description = "A manifest file" };
        var after = new Argument<string>("AFTER") { Description = "Another manifest file, or the dataset folder itself" };
        var command = new Command("diff", "List files added, removed and changed between a manifest and another manifest or a folder");
        command.Arguments.Add(before);
        command.Arguments.Add(after);
        command.SetAction((parse, cancellationToken) =>
        {
            var first = DatasetManifestReader.Load(parse.GetValue(before)!);
            if (first.Manifest is null)
            {
                error.WriteLine($"bulwark: {first.Error}");
                return Task.FromResult(ExitCodes.UsageError);
            }
            var target = parse.GetValue(after)!;
            DatasetDiff diff;
            try
            {
                if (Directory.Exists(target))
                {
                    diff = DatasetDiff.CompareWithFolder(first.Manifest, target, TimeProvider.System, cancellationToken);
                }
                else
                {
                    var second = DatasetManifestReader.Load(target);
                    if (second.Manifest is null)
                    {
                        error.WriteLine($"bulwark: {second.Error}");
                        return Task.FromResult(ExitCodes.UsageError);
                    }
                    diff = DatasetDiff.Compare(first.Manifest, second.Manifest);
                }
            }
            catch (Integrity.Hashing.ModelHashingException ex)
            {
                error.WriteLine($"bulwark: {ex.Message}");
                return Task.FromResult(ExitCodes.UsageError);
            }
            foreach (var file in diff.Added)
            {
                output.WriteLine($"added    {file.Path} ({file.Size:N0} bytes)");
            }
            foreach (var file in diff.Removed)
            {
                output.WriteLine($"removed  {file.Path} ({file.Size:N0} bytes)");
            }
            foreach (var file in diff.Changed)
            {
                output.WriteLine($"changed  {file.Path} ({file.OldSize:N0} → {file.NewSize:N0} bytes)");
            }
            output.WriteLine(diff.IsEmpty ? "identical" : $"{diff.Added.Count} added, {diff.Removed.Count} removed, {diff.Changed.Count} changed");
            return Task.FromResult(diff.IsEmpty ? ExitCodes.Clean : ExitCodes.Findings);
        });
        return command;
    }
}
