using System.CommandLine;
using System.Globalization;
using Bulwark.Core.Configuration;
using Bulwark.Scanning.Dependencies.Database;

namespace Bulwark.Cli.Commands;

/// <summary>
/// <c>bulwark deps db update [--source ZIP_OR_FOLDER_OR_URL]… [--url BASE]</c> and <c>bulwark deps db status</c>:
/// the local OSV advisory index the audit reads offline.
/// </summary>
internal static class DepsDbCommand
{
    public static Command Build(TextWriter output, TextWriter error)
    {
        var db = new Command("db", "Manage the local OSV advisory database");
        db.Subcommands.Add(BuildUpdate(output, error));
        db.Subcommands.Add(BuildStatus(output, error));
        return db;
    }

    private static Command BuildUpdate(TextWriter output, TextWriter error)
    {
        var source = new Option<string[]>("--source") { Description = "An OSV all.zip, a folder of OSV JSON files, or a URL of one (repeatable). Default: every audited ecosystem from osv.dev (or --url)", AllowMultipleArgumentsPerToken = false };
        var url = new Option<string?>("--url") { Description = $"Base URL of per-ecosystem archives ({{url}}/{{ecosystem}}/all.zip); default {AdvisoryDatabaseUpdater.DefaultBaseUrl}" };
        var command = new Command("update", "Download or import OSV advisories and rebuild the local index (atomically: a failed update keeps the previous one)");
        command.Options.Add(source);
        command.Options.Add(url);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var dataDirectory = DataDirectory.Ensure(DataDirectory.Resolve(parse.GetValue(BulwarkCommandLine.DataDirOption)));
            var sources = parse.GetValue(source) is { Length: > 0 } given
                ? given
                : AdvisoryDatabaseUpdater.DefaultSources(parse.GetValue(url) ?? BulwarkConfigLoader.LoadFromRoot(Directory.GetCurrentDirectory()).Deps.DatabaseUrl ?? AdvisoryDatabaseUpdater.DefaultBaseUrl);
            using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(10) };
            http.DefaultRequestHeaders.UserAgent.ParseAdd($"bulwark/{Core.ToolInfo.Version}");
            var updater = new AdvisoryDatabaseUpdater(TimeProvider.System, new AdvisoryDownloader(http));
            DatabaseUpdateResult result;
            try
            {
                result = await updater.UpdateAsync(dataDirectory, sources, new ImmediateProgress(m => error.WriteLine($"bulwark: {m}")), cancellationToken);
            }
            catch (AdvisoryDatabaseException ex)
            {
                await error.WriteLineAsync($"bulwark: {ex.Message}");
                return ExitCodes.UsageError;
            }
            await output.WriteLineAsync($"Imported {result.Imported.ToString("N0", CultureInfo.InvariantCulture)} advisories" +
                (result.CarriedOver > 0 ? $" (kept {result.CarriedOver.ToString("N0", CultureInfo.InvariantCulture)} of other ecosystems)" : "") +
                $" into {IndexFormat.PathIn(dataDirectory)}");
            WriteEcosystems(output, result.Info);
            foreach (var warning in result.Warnings)
            {
                await error.WriteLineAsync($"bulwark: warning: {warning}");
            }
            if (result.InvalidCount > 0)
            {
                await error.WriteLineAsync($"bulwark: warning: {result.InvalidCount} document(s) were not valid advisories and were skipped:");
                foreach (var invalid in result.Invalid)
                {
                    await error.WriteLineAsync($"  {invalid}");
                }
            }
            foreach (var (ecosystem, count) in result.SkippedEcosystems.OrderBy(s => s.Key, StringComparer.Ordinal))
            {
                await error.WriteLineAsync($"bulwark: skipped {count} affected entr{(count == 1 ? "y" : "ies")} of ecosystem '{ecosystem}' (not audited by Bulwark)");
            }
            return ExitCodes.Clean;
        });
        return command;
    }

    private static Command BuildStatus(TextWriter output, TextWriter error)
    {
        var command = new Command("status", "Show what the local advisory database holds and how old it is");
        command.SetAction(parse =>
        {
            var dataDirectory = DataDirectory.Resolve(parse.GetValue(BulwarkCommandLine.DataDirOption));
            try
            {
                using var index = AdvisoryIndex.TryOpen(IndexFormat.PathIn(dataDirectory));
                if (index is null)
                {
                    error.WriteLine($"bulwark: no advisory database in {dataDirectory}; run `bulwark deps db update`");
                    return ExitCodes.UsageError;
                }
                output.WriteLine($"{IndexFormat.PathIn(dataDirectory)}: built {index.Info.BuiltAt:yyyy-MM-dd HH:mm} UTC, {index.PackageCount.ToString("N0", CultureInfo.InvariantCulture)} packages with advisories");
                WriteEcosystems(output, index.Info);
                return ExitCodes.Clean;
            }
            catch (AdvisoryDatabaseException ex)
            {
                error.WriteLine($"bulwark: {ex.Message}");
                return ExitCodes.UsageError;
            }
        });
        return command;
    }

    private static void WriteEcosystems(TextWriter output, DatabaseInfo info)
    {
        foreach (var e in info.Ecosystems)
        {
            output.WriteLine($"  {e.Ecosystem,-10} {e.Advisories,8:N0} advisories  snapshot {e.SnapshotAt:yyyy-MM-dd}  from {e.Source}");
        }
    }

    /// <summary>Reports on the caller's thread, in order (<see cref="Progress{T}"/> posts to the thread pool).</summary>
    private sealed class ImmediateProgress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
