using System.CommandLine;
using Bulwark.Server.Access;
using Bulwark.Server.Audit;
using Bulwark.Server.Configuration;
using Bulwark.Server.Identity;
using Bulwark.Server.Operations;
using Bulwark.Server.Runners;
using Bulwark.Server.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Bulwark.Cli.Commands;

/// <summary>
/// <c>bulwark admin create-user|create-token|create-runner-token</c>: account administration run by whoever holds the data
/// directory (and so the database and master key). Every change is written to the audit log with the actor
/// <c>cli</c>. Exit 0 done, 2 refused (weak password, unknown user, bad scope), 3 internal error.
/// </summary>
internal static class AdminCommand
{
    public const string CliActor = "cli";

    public static Command Build(TextWriter output, TextWriter error, TextReader input)
    {
        var admin = new Command("admin", "Administer accounts directly on the data directory (no server needed)");
        admin.Options.Add(ServerSettingsOptions.Database);
        admin.Subcommands.Add(CreateUser(output, error, input));
        admin.Subcommands.Add(CreateToken(output, error));
        admin.Subcommands.Add(CreateRunnerToken(output, error));
        return admin;
    }

    private static Command CreateUser(TextWriter output, TextWriter error, TextReader input)
    {
        var username = new Option<string>("--username") { Description = "The new user's name", Required = true };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password from the first line of standard input (required: passwords never go on the command line)" };
        var isAdmin = new Option<bool>("--admin") { Description = "Make the user an organisation administrator" };
        var email = new Option<string?>("--email") { Description = "Contact address (optional)" };
        var command = new Command("create-user", "Create a user; with --admin, an organisation administrator");
        command.Options.Add(username);
        command.Options.Add(passwordStdin);
        command.Options.Add(isAdmin);
        command.Options.Add(email);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!parse.GetValue(passwordStdin))
            {
                await error.WriteLineAsync("bulwark admin create-user: --password-stdin is required; pipe the password in");
                return ExitCodes.UsageError;
            }
            var password = await input.ReadLineAsync(cancellationToken);
            if (string.IsNullOrEmpty(password))
            {
                await error.WriteLineAsync("bulwark admin create-user: no password on standard input");
                return ExitCodes.UsageError;
            }
            await using var services = await OfflineServices.CreateAsync(ServerSettingsOptions.ForStorage(parse), cancellationToken);
            await using var scope = services.CreateAsyncScope();
            var created = await UserAccounts.CreateAsync(scope.ServiceProvider, parse.GetValue(username)!, password, parse.GetValue(isAdmin), parse.GetValue(email), CliActor, null, cancellationToken);
            if (created.Errors.Count > 0)
            {
                foreach (var problem in created.Errors)
                {
                    await error.WriteLineAsync($"bulwark admin create-user: {problem}");
                }
                return ExitCodes.UsageError;
            }
            await output.WriteLineAsync($"Created {(parse.GetValue(isAdmin) ? "administrator" : "user")} {created.User!.UserName}");
            return ExitCodes.Clean;
        });
        return command;
    }

    private static Command CreateToken(TextWriter output, TextWriter error)
    {
        var username = new Option<string>("--username") { Description = "Whose token", Required = true };
        var name = new Option<string>("--name") { Description = "What the token is for (shown in listings)", Required = true };
        var scopes = new Option<string>("--scopes") { Description = "all, read, or a list of: write runs:write audit:read admin", DefaultValueFactory = _ => TokenScopes.All };
        var expiresDays = new Option<int?>("--expires-days") { Description = "Days until the token expires (default: never)" };
        var command = new Command("create-token", "Create a personal access token and print it (only the token, once)");
        command.Options.Add(username);
        command.Options.Add(name);
        command.Options.Add(scopes);
        command.Options.Add(expiresDays);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var parsedScopes = TokenScopes.Parse(parse.GetValue(scopes)!);
            if (parsedScopes is null)
            {
                await error.WriteLineAsync($"bulwark admin create-token: --scopes: '{parse.GetValue(scopes)}' is not {string.Join(", ", TokenScopes.Known)} or a list of them");
                return ExitCodes.UsageError;
            }
            var tokenName = parse.GetValue(name)!.Trim();
            if (tokenName.Length is 0 or > 100)
            {
                await error.WriteLineAsync("bulwark admin create-token: --name must be 1-100 characters");
                return ExitCodes.UsageError;
            }
            if (parse.GetValue(expiresDays) is <= 0 or > 3650)
            {
                await error.WriteLineAsync("bulwark admin create-token: --expires-days must be 1-3650");
                return ExitCodes.UsageError;
            }
            await using var services = await OfflineServices.CreateAsync(ServerSettingsOptions.ForStorage(parse), cancellationToken);
            await using var scope = services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<BulwarkUser>>();
            var user = await users.FindByNameAsync(parse.GetValue(username)!);
            if (user is null || user.Disabled)
            {
                await error.WriteLineAsync($"bulwark admin create-token: no active user named '{parse.GetValue(username)}'");
                return ExitCodes.UsageError;
            }
            var time = scope.ServiceProvider.GetRequiredService<TimeProvider>();
            DateTime? expires = parse.GetValue(expiresDays) is { } days ? time.GetUtcNow().UtcDateTime.AddDays(days) : null;
            // Issued without saving: the audit append stores the token and its entry in one transaction.
            var (token, plaintext) = scope.ServiceProvider.GetRequiredService<ApiTokenService>()
                .Issue(user.Id, tokenName, parsedScopes, expires, offline: true);
            var db = scope.ServiceProvider.GetRequiredService<BulwarkDbContext>();
            await scope.ServiceProvider.GetRequiredService<AuditLog>().AppendAsync(db, new AuditEvent(AuditActions.TokenCreated)
            {
                ActorName = CliActor,
                Target = "user:" + user.UserName,
                Details = new Dictionary<string, string?> { ["token"] = token.Id, ["name"] = token.Name, ["scopes"] = token.Scopes, ["offline"] = "true" },
            }, cancellationToken);
            await output.WriteLineAsync(plaintext);
            return ExitCodes.Clean;
        });
        return command;
    }

    private static Command CreateRunnerToken(TextWriter output, TextWriter error)
    {
        var minutes = new Option<int>("--expires-minutes")
        {
            Description = $"Minutes until the token expires unused (1-{RunnerRegistry.MaxTokenMinutes})",
            DefaultValueFactory = _ => RunnerRegistry.DefaultTokenMinutes,
        };
        var command = new Command("create-runner-token", "Create a one-time runner registration token and print it (only the token, once)");
        command.Options.Add(minutes);
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var services = await OfflineServices.CreateAsync(ServerSettingsOptions.ForStorage(parse), cancellationToken);
            await using var scope = services.CreateAsyncScope();
            var registry = new RunnerRegistry(
                scope.ServiceProvider.GetRequiredService<BulwarkDbContext>(),
                scope.ServiceProvider.GetRequiredService<AuditLog>(),
                scope.ServiceProvider.GetRequiredService<TimeProvider>());
            var created = await registry.CreateRegistrationTokenAsync(new AuditEvent(AuditActions.RunnerRegistrationTokenCreated) { ActorName = CliActor }, parse.GetValue(minutes), cancellationToken);
            if (created.Failure is { } failure)
            {
                await error.WriteLineAsync($"bulwark admin create-runner-token: {failure.Detail}");
                return ExitCodes.UsageError;
            }
            await output.WriteLineAsync(created.Value!.Token);
            return ExitCodes.Clean;
        });
        return command;
    }
}
