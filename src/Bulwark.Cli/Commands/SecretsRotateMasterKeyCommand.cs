using System.CommandLine;
using Bulwark.Server.Configuration;
using Bulwark.Server.Secrets;

namespace Bulwark.Cli.Commands;

/// <summary>
/// <c>bulwark secrets rotate-master-key</c>: offline (the server must be stopped) re-wrap of every secret's data
/// key, webhook secret and audit seal under a new master key; resumable after a crash (see
/// <see cref="MasterKeyRotation"/>). Exit 0 done, 2 refused (server running, key missing), 3 data that does not verify.
/// </summary>
internal static class SecretsRotateMasterKeyCommand
{
    public static Command Build(TextWriter output, TextWriter error)
    {
        var command = new Command("rotate-master-key", "Re-wrap all stored secrets, webhook secrets and audit seals under a new master key (server stopped; resumable)");
        command.Options.Add(ServerSettingsOptions.Database);
        command.SetAction(async (parse, cancellationToken) =>
        {
            MasterKeyRotationResult result;
            try
            {
                result = await new MasterKeyRotation(ServerSettingsOptions.ForStorage(parse), Environment.GetEnvironmentVariable, TimeProvider.System).RunAsync(cancellationToken);
            }
            catch (ServerOptionsException ex)
            {
                await error.WriteLineAsync($"bulwark secrets rotate-master-key: {ex.Message}");
                return ExitCodes.UsageError;
            }
            catch (Exception ex) when (ex is MasterKeyRotationException or SecretKeyMissingException)
            {
                await error.WriteLineAsync($"bulwark secrets rotate-master-key: {ex.Message}");
                return ExitCodes.InternalError;
            }
            await output.WriteLineAsync($"Master key rotated{(result.Resumed ? " (resumed)" : "")}: {result.OldKeyId} -> {result.NewKeyId}; {result.RewrappedVersions} secret versions re-wrapped, {result.WebhookSecrets} webhook secrets re-encrypted, {result.AuditEntries} audit entries re-sealed.");
            await output.WriteLineAsync(result.FromEnvironment
                ? $"Now set {MasterKey.EnvironmentVariable} to the value of {SecretKeyRing.NextKeyVariable}, unset {SecretKeyRing.NextKeyVariable}, and start the server; the old key is no longer used by any row."
                : $"{ServerOptions.MasterKeyFileName} now holds the new key; the old key is gone. Back up the new key before starting the server.");
            return ExitCodes.Clean;
        });
        return command;
    }
}
