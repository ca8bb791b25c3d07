using System.CommandLine;

namespace Bulwark.Cli.Commands;

/// <summary><c>bulwark secrets …</c>: the secret-scanning gate.</summary>
internal static class SecretsCommand
{
    public static Command Build(TextWriter output, TextWriter error)
    {
        var secrets = new Command("secrets", "Find leaked credentials in files, archives, notebooks and git history.");
        secrets.Subcommands.Add(new SecretsScanCommand(output, error).Build());
        return secrets;
    }
}
