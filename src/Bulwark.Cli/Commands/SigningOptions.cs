using System.CommandLine;
using Bulwark.Integrity.Hashing;

namespace Bulwark.Cli.Commands;

/// <summary>Options that <c>sign</c>, <c>verify</c> and <c>hash</c> share: what to leave out and how to serialize.</summary>
internal sealed class SigningOptions
{
    public Option<string[]> IgnorePaths { get; } = new("--ignore-paths")
    {
        Description = "Paths (files or folders, relative to the model) to leave out; .git, .gitattributes, .github, .gitignore and the signature are always left out",
        AllowMultipleArgumentsPerToken = true,
    };

    public Option<bool> AllowSymlinks { get; } = new("--allow-symlinks") { Description = "Follow symbolic links inside the model instead of refusing them" };

    public Option<string> Method { get; } = new("--method") { Description = "files (one digest per file, default) or shards (one per byte range, hashed in parallel)", DefaultValueFactory = _ => "files" };

    public Option<long?> ShardSize { get; } = new("--shard-size") { Description = "Shard size in bytes for --method shards (default 1000000000)" };

    public SigningOptions(bool withMethod)
    {
        Method.AcceptOnlyFromAmong("files", "shards");
        WithMethod = withMethod;
    }

    private bool WithMethod { get; }

    public void AddTo(Command command)
    {
        command.Options.Add(IgnorePaths);
        command.Options.Add(AllowSymlinks);
        if (WithMethod)
        {
            command.Options.Add(Method);
            command.Options.Add(ShardSize);
        }
    }

    public HashingOptions Read(ParseResult parse)
    {
        var options = new HashingOptions
        {
            IgnorePaths = parse.GetValue(IgnorePaths) ?? [],
            AllowSymlinks = parse.GetValue(AllowSymlinks),
            Method = WithMethod && parse.GetValue(Method) == "shards" ? SerializationMethod.Shards : SerializationMethod.Files,
        };
        return WithMethod && parse.GetValue(ShardSize) is { } size ? options with { ShardSize = size } : options;
    }
}
