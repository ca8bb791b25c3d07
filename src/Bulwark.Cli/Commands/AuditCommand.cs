using System.CommandLine;
using System.Text.Json;
using Bulwark.Core.Files;
using Bulwark.Server.Audit;
using Bulwark.Server.Configuration;
using Bulwark.Server.Storage;

namespace Bulwark.Cli.Commands;

/// <summary>
/// <c>bulwark audit verify|export</c>: offline on the data directory (or <c>--database</c>), without a running
/// server and without changing anything. verify: exit 0 intact, 1 tampered (naming the first bad entry), 2 usage
/// error, 3 internal error. export: JSON Lines to standard output or, atomically, to <c>--output</c>.
/// </summary>
internal static class AuditCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Build(TextWriter output, TextWriter error)
    {
        var audit = new Command("audit", "Verify or export the server's tamper-evident audit log (offline, on the data directory or --database)");
        audit.Options.Add(ServerSettingsOptions.Database);
        audit.Subcommands.Add(Verify(output, error));
        audit.Subcommands.Add(Export(output, error));
        return audit;
    }

    private static Command Verify(TextWriter output, TextWriter error)
    {
        var format = new Option<string>("--format") { Description = "table (for people) or json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var command = new Command("verify", "Check every entry's hash, link and seal, and the head anchor; exit 1 names the first bad entry");
        command.Options.Add(format);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var store = await OpenAsync(parse, error, "verify");
            if (store is null)
            {
                return ExitCodes.UsageError;
            }
            AuditVerification verdict;
            await using (var db = store.Database)
            {
                verdict = await AuditVerifier.VerifyAsync(db, store.SealKey, store.Anchor, cancellationToken);
            }
            if (parse.GetValue(format) == "json")
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(verdict, Json));
            }
            else
            {
                await output.WriteLineAsync(Describe(verdict));
            }
            if (!verdict.SealsChecked)
            {
                await error.WriteLineAsync($"bulwark audit verify: no master key ({ServerOptions.MasterKeyFileName} missing, {MasterKey.EnvironmentVariable} unset): seals and the head anchor's seal were not checked, only the hash chain");
            }
            return verdict.Valid ? ExitCodes.Clean : ExitCodes.Findings;
        });
        return command;
    }

    private static Command Export(TextWriter output, TextWriter error)
    {
        var since = new Option<string?>("--since") { Description = "Only entries at or after this date (2026-01-31) or ISO-8601 time (UTC unless an offset is given)" };
        var until = new Option<string?>("--until") { Description = "Only entries before this time; a bare date includes that whole day" };
        var action = new Option<string?>("--action") { Description = "Only this action or dotted prefix (e.g. auth.sign-in)" };
        var file = new Option<string?>("--output") { Description = "Write to this file (all or nothing) instead of standard output" };
        var command = new Command("export", "Export entries as JSON Lines for a SIEM, oldest first");
        command.Options.Add(since);
        command.Options.Add(until);
        command.Options.Add(action);
        command.Options.Add(file);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var filter = ParseFilter(parse.GetValue(since), parse.GetValue(until), parse.GetValue(action), out var problem);
            if (filter is null)
            {
                await error.WriteLineAsync($"bulwark audit export: {problem}");
                return ExitCodes.UsageError;
            }
            var store = await OpenAsync(parse, error, "export");
            if (store is null)
            {
                return ExitCodes.UsageError;
            }
            await using var db = store.Database;
            if (parse.GetValue(file) is not { } path)
            {
                await AuditExport.WriteAsync(db, filter, output, cancellationToken);
                return ExitCodes.Clean;
            }
            var count = await ExportToFileAsync(path, writer => AuditExport.WriteAsync(db, filter, writer, cancellationToken));
            await error.WriteLineAsync($"Exported {count} entries to {path}");
            return ExitCodes.Clean;
        });
        return command;
    }

    private static async Task<OfflineAuditStore?> OpenAsync(ParseResult parse, TextWriter error, string verb)
    {
        string? problem;
        OfflineAuditStore? store;
        try
        {
            store = OfflineAuditStore.Open(ServerSettingsOptions.ForStorage(parse), Environment.GetEnvironmentVariable, out problem);
        }
        catch (ServerOptionsException ex)
        {
            (store, problem) = (null, ex.Message);
        }
        if (store is null)
        {
            await error.WriteLineAsync($"bulwark audit {verb}: {problem}");
        }
        return store;
    }

    /// <summary>Streams into a temporary file beside <paramref name="path"/> and renames it, so a reader never sees half an export.</summary>
    private static Task<long> ExportToFileAsync(string path, Func<TextWriter, Task<long>> write) =>
        AtomicFile.WriteAsync(path, async stream =>
        {
            await using var writer = new StreamWriter(stream, leaveOpen: true);
            return await write(writer);
        });

    private static AuditFilter? ParseFilter(string? since, string? until, string? action, out string? problem)
    {
        problem = null;
        DateTime sinceTime = default, untilTime = default;
        if (since is not null && !AuditTime.TryParse(since, upperBound: false, out sinceTime))
        {
            problem = $"--since: '{since}' is not a date (2026-01-31) or an ISO-8601 time";
        }
        else if (until is not null && !AuditTime.TryParse(until, upperBound: true, out untilTime))
        {
            problem = $"--until: '{until}' is not a date (2026-01-31) or an ISO-8601 time";
        }
        var filter = new AuditFilter { Since = since is null ? null : sinceTime, Until = until is null ? null : untilTime, Action = action };
        problem ??= filter.Problem();
        return problem is null ? filter : null;
    }

    private static string Describe(AuditVerification verdict)
    {
        var checks = (verdict.SealsChecked ? "hashes and seals checked" : "hashes checked, seals NOT checked")
            + (verdict.HeadChecked ? ", head anchor checked" : ", no head anchor");
        return verdict.Valid
            ? $"Audit log INTACT: {verdict.Entries} entries ({checks})"
            : $"Audit log TAMPERED: first bad entry {verdict.FirstBadSequence?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none: the head anchor)"}: {verdict.Problem} ({verdict.Entries} entries verified before it; {checks})";
    }
}
