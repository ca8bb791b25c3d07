using System.CommandLine;
using Bulwark.Server.Projects;
using Bulwark.Server.Secrets;

namespace Bulwark.Cli.Commands;

/// <summary>
/// What <c>secrets set|list|delete</c> share: the scope options (<c>--project</c>, <c>--environment</c>), the
/// API path they map to, and running a request with the documented exit codes (0 ok, 2 usage or a refused
/// request, 3 server unreachable or failing), printing the server's problem title and detail.
/// </summary>
internal sealed class SecretsClientCommand(TextWriter error, TextReader input)
{
    public Option<string> Project { get; } = new("--project") { Description = "The project the secret belongs to", Required = true };

    public Option<string?> Environment { get; } = new("--environment") { Description = "A project environment (e.g. production): the secret is scoped to it" };

    public ServerClientOptions Server { get; } = new();

    public void AddTo(Command command)
    {
        command.Options.Add(Project);
        command.Options.Add(Environment);
        Server.AddTo(command);
    }

    /// <summary>The collection path, or null after reporting a bad project or environment name.</summary>
    public string? Path(ParseResult parse, string verb)
    {
        var project = parse.GetValue(Project)!;
        var environment = parse.GetValue(Environment);
        if (!ProjectName.IsValid(project) || (environment is not null && !ProjectName.IsValid(environment)))
        {
            error.WriteLine($"bulwark secrets {verb}: --project and --environment take 1-64 lower-case letters, digits, '-', '_' or '.'");
            return null;
        }
        return environment is null ? $"/api/v1/projects/{project}/secrets" : $"/api/v1/projects/{project}/environments/{environment}/secrets";
    }

    public bool CheckName(string name, string verb)
    {
        if (SecretName.IsValid(name))
        {
            return true;
        }
        error.WriteLine($"bulwark secrets {verb}: {SecretName.Rule}");
        return false;
    }

    /// <summary>Connects, sends, and answers the response or an exit code after printing what went wrong.</summary>
    public async Task<(ServerResponse? Response, int ExitCode)> SendAsync(ParseResult parse, string verb, HttpMethod method, string path, object? body, Func<TextReader, Task<object?>>? readBody, CancellationToken cancellationToken)
    {
        using var client = await Server.ConnectAsync(parse, input, error, $"secrets {verb}", cancellationToken);
        if (client is null)
        {
            return (null, ExitCodes.UsageError);
        }
        if (readBody is not null && (body = await readBody(input)) is null)
        {
            return (null, ExitCodes.UsageError);
        }
        try
        {
            var response = await client.SendAsync(method, path, body, cancellationToken);
            if (response.IsSuccess)
            {
                return (response, ExitCodes.Clean);
            }
            await error.WriteLineAsync($"bulwark secrets {verb}: {response.Describe()}");
            return (null, response.ExitCode);
        }
        catch (ServerClientException ex)
        {
            await error.WriteLineAsync($"bulwark secrets {verb}: {ex.Message}");
            return (null, ExitCodes.InternalError);
        }
    }
}
