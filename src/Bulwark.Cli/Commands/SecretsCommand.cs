using System.CommandLine;

namespace Bulwark.Cli.Commands;

/// <summary><c>bulwark secrets …</c>: the secret-scanning gate, the secrets-store client, and master-key rotation.</summary>
internal static class SecretsCommand
{
    public static Command Build(TextWriter output, TextWriter error, TextReader input)
    {
        var secrets = new Command("secrets", "Find leaked credentials (scan), manage the server's secrets store (set, list, delete), rotate its master key.");
        secrets.Subcommands.Add(new SecretsScanCommand(output, error).Build());
        secrets.Subcommands.Add(SecretsSetCommand.Build(output, error, input));
        secrets.Subcommands.Add(SecretsListCommand.Build(output, error, input));
        secrets.Subcommands.Add(SecretsDeleteCommand.Build(output, error, input));
        secrets.Subcommands.Add(SecretsRotateMasterKeyCommand.Build(output, error));
        return secrets;
    }
}
