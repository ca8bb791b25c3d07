using System.CommandLine;
using Bulwark.Core.Configuration;
using Bulwark.Server;
using Bulwark.Server.Configuration;
using Bulwark.Server.Operations;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Bulwark.Cli.Commands;

/// <summary>
/// <c>bulwark server</c>: runs the CI/CD server on the embedded default (SQLite, self-signed HTTPS on
/// 127.0.0.1) or as configured. Stops gracefully on Ctrl+C or SIGTERM (exit 0); a setting error exits 2.
/// </summary>
internal static class ServerCommand
{
    public static Command Build(TextWriter output, TextWriter error)
    {
        var listen = new Option<string?>("--listen") { Description = "IP:port to listen on (default 127.0.0.1:8443). Env: BULWARK_LISTEN" };
        var insecureHttp = new Option<bool>("--insecure-http") { Description = "Serve plain HTTP; refused unless --listen is a loopback address" };
        var tlsCert = new Option<string?>("--tls-cert") { Description = "PEM certificate (default: a self-signed one generated in the data directory)" };
        var tlsKey = new Option<string?>("--tls-key") { Description = "PEM private key of --tls-cert" };
        var logFormat = new Option<LogFormat>("--log-format") { Description = "Console log format: text (one line per event) or json (one object per line, for log collectors)" };
        var allowLocal = new Option<bool>("--allow-local-repositories") { Description = "Accept projects whose repository is a file:// path on this machine. Env: BULWARK_ALLOW_LOCAL_REPOSITORIES" };
        var embeddedRunners = new Option<long?>("--embedded-runners") { Description = "Jobs the built-in runner runs at once (default 2; 0 = remote runners only). Env: BULWARK_EMBEDDED_RUNNERS" };
        var unsafeExecutor = new Option<bool>("--unsafe-process-executor") { Description = "Run jobs as plain processes WITHOUT a sandbox (only for machines without bubblewrap; jobs can then read the server's files)" };
        var workDir = new Option<string?>("--work-dir") { Description = "Where job workspaces are created (default: a bulwark-jobs directory in the system temp directory). Env: BULWARK_WORK_DIR" };
        var advisoryDb = new Option<string?>("--advisory-db") { Description = "The osv folder of a data directory filled by `bulwark deps db update`, readable by the sandbox user; given read-only to bulwark/deps-audit gate steps. Env: BULWARK_ADVISORY_DB" };
        var command = new Command("server", "Run the Bulwark CI/CD server (SQLite and self-signed HTTPS on 127.0.0.1 by default)");
        command.Options.Add(listen);
        command.Options.Add(insecureHttp);
        command.Options.Add(tlsCert);
        command.Options.Add(tlsKey);
        command.Options.Add(logFormat);
        command.Options.Add(ServerSettingsOptions.Database);
        command.Options.Add(allowLocal);
        command.Options.Add(embeddedRunners);
        command.Options.Add(unsafeExecutor);
        command.Options.Add(workDir);
        command.Options.Add(advisoryDb);
        command.SetAction(async (parse, cancellationToken) =>
        {
            ServerOptions options;
            WebApplication app;
            try
            {
                options = ServerOptionsLoader.Load(
                    DataDirectory.Resolve(parse.GetValue(BulwarkCommandLine.DataDirOption)),
                    new ServerSettingsSource
                    {
                        Listen = parse.GetValue(listen),
                        InsecureHttp = parse.GetValue(insecureHttp) ? true : null,
                        TlsCertificatePath = parse.GetValue(tlsCert),
                        TlsKeyPath = parse.GetValue(tlsKey),
                        Database = parse.GetValue(ServerSettingsOptions.Database),
                        AllowLocalRepositories = parse.GetValue(allowLocal) ? true : null,
                        EmbeddedRunners = parse.GetValue(embeddedRunners),
                        UnsafeProcessExecutor = parse.GetValue(unsafeExecutor) ? true : null,
                        WorkDirectory = parse.GetValue(workDir),
                        AdvisoryDatabase = parse.GetValue(advisoryDb),
                    },
                    Environment.GetEnvironmentVariable);
                var format = parse.GetValue(logFormat);
                app = ServerApp.Build(options, logging: logging => ServerLogging.Configure(logging, format));
            }
            catch (ServerOptionsException ex)
            {
                await error.WriteLineAsync($"bulwark server: {ex.Message}");
                return ExitCodes.UsageError;
            }
            await using (app)
            {
                var setupToken = await ServerApp.PrepareAsync(app, cancellationToken);
                await app.StartAsync(cancellationToken);
                var url = app.Urls.First();
                await output.WriteLineAsync($"Bulwark server listening on {url} (data: {options.DataDirectory})");
                if (app.Services.GetRequiredService<Server.Operations.ServerIdentity>().CertificateFingerprint is { } fingerprint)
                {
                    await output.WriteLineAsync($"TLS certificate SHA-256 fingerprint: {fingerprint}");
                }
                if (options.UnsafeProcessExecutor)
                {
                    await error.WriteLineAsync("bulwark server: WARNING: --unsafe-process-executor: jobs run WITHOUT a sandbox and can read this server's data directory and keys");
                }
                if (setupToken is not null)
                {
                    await output.WriteLineAsync($"No users yet. Create the first administrator at {url}/setup with this one-time setup token: {setupToken}");
                }
                await output.FlushAsync(cancellationToken);
                await app.WaitForShutdownAsync(cancellationToken);
                await app.StopAsync(CancellationToken.None);
            }
            return ExitCodes.Clean;
        });
        return command;
    }
}
