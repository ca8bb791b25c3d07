using System.CommandLine;

namespace Bulwark.Cli.Commands;

/// <summary>How client commands find the server: <c>--server</c>, <c>--token-stdin</c> and <c>--tls-fingerprint</c>, each with an environment fallback.</summary>
internal sealed class ServerClientOptions
{
    public Option<string?> Server { get; } = new("--server") { Description = $"Server URL, e.g. https://ci.example:8443. Env: {ServerClient.ServerVariable}" };

    public Option<bool> TokenStdin { get; } = new("--token-stdin") { Description = $"Read the API token from the first line of standard input (else {ServerClient.TokenVariable}); tokens never go on the command line" };

    public Option<string?> TlsFingerprint { get; } = new("--tls-fingerprint") { Description = $"Trust the server's certificate only if its SHA-256 fingerprint is this (for the self-signed default). Env: {ServerClient.FingerprintVariable}" };

    public void AddTo(Command command)
    {
        command.Options.Add(Server);
        command.Options.Add(TokenStdin);
        command.Options.Add(TlsFingerprint);
    }

    /// <summary>The client, or null after writing why to <paramref name="error"/>. Reads the token line from <paramref name="input"/> when asked.</summary>
    public async Task<ServerClient?> ConnectAsync(ParseResult parse, TextReader input, TextWriter error, string command, CancellationToken cancellationToken)
    {
        var token = parse.GetValue(TokenStdin) ? await input.ReadLineAsync(cancellationToken) : Environment.GetEnvironmentVariable(ServerClient.TokenVariable);
        var client = ServerClient.Create(
            parse.GetValue(Server) ?? Environment.GetEnvironmentVariable(ServerClient.ServerVariable),
            token,
            parse.GetValue(TlsFingerprint) ?? Environment.GetEnvironmentVariable(ServerClient.FingerprintVariable),
            out var problem);
        if (client is null)
        {
            await error.WriteLineAsync($"bulwark {command}: {problem}");
        }
        return client;
    }
}
