namespace Bulwark.Cli.Commands;

/// <summary>
/// What <c>run trigger|status|logs</c> share: connecting with <see cref="ServerClientOptions"/>, sending, and the
/// documented exit codes (2 usage or a refused request, 3 server unreachable or failing) with the server's message.
/// </summary>
internal sealed class RunClient(TextWriter error, TextReader input)
{
    public ServerClientOptions Server { get; } = new();

    public async Task<(ServerResponse? Response, int ExitCode)> SendAsync(System.CommandLine.ParseResult parse, string verb, HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var client = await Server.ConnectAsync(parse, input, error, $"run {verb}", cancellationToken);
        if (client is null)
        {
            return (null, ExitCodes.UsageError);
        }
        return await SendAsync(client, verb, method, path, body, cancellationToken);
    }

    public async Task<(ServerResponse? Response, int ExitCode)> SendAsync(ServerClient client, string verb, HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        try
        {
            var response = await client.SendAsync(method, path, body, cancellationToken);
            if (response.IsSuccess)
            {
                return (response, ExitCodes.Clean);
            }
            await error.WriteLineAsync($"bulwark run {verb}: {response.Describe()}");
            return (null, response.ExitCode);
        }
        catch (ServerClientException ex)
        {
            await error.WriteLineAsync($"bulwark run {verb}: {ex.Message}");
            return (null, ExitCodes.InternalError);
        }
    }

    public Task<ServerClient?> ConnectAsync(System.CommandLine.ParseResult parse, string verb, CancellationToken cancellationToken) =>
        Server.ConnectAsync(parse, input, error, $"run {verb}", cancellationToken);
}
