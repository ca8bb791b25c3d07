using System.CommandLine;
using Bulwark.Core.Configuration;
using Bulwark.Ml.Data;
using Bulwark.Ml.Data.Windows;

namespace Bulwark.Cli.Commands;

/// <summary>The options <c>data check</c> and <c>drift</c> share, and how they combine with bulwark.toml's [data] table.</summary>
internal sealed class DataGateOptions
{
    public DataGateOptions(bool driftOnly)
    {
        DriftOnly = driftOnly;
        Reference = new Option<string>("--reference") { Description = "The approved dataset (.csv, .jsonl or .parquet)", Required = true };
        Candidate = new Option<string>(driftOnly ? "--current" : "--candidate")
        {
            Description = driftOnly ? "The current data, e.g. recent inference inputs or predictions" : "The dataset to check",
            Required = true,
        };
    }

    private bool DriftOnly { get; }

    public Option<string> Reference { get; }

    public Option<string> Candidate { get; }

    public Option<string?> LabelColumn { get; } = new("--label-column") { Description = "The label column (label checks are skipped without one)" };

    public Option<string?> TextColumn { get; } = new("--text-column") { Description = "The free-text column of text data (default: text)" };

    public Option<string[]> IgnoreColumns { get; } = new("--ignore-column")
    {
        Description = "A column never compared, not even for schema changes (repeatable)",
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>drift only: split the current data into time windows by this column.</summary>
    public Option<string?> TimestampColumn { get; } = new("--timestamp-column")
    {
        Description = "Split the current data into time windows by this column (ISO 8601 or Unix seconds) and report drift per window",
    };

    public Option<string?> Window { get; } = new("--window") { Description = "Window length with --timestamp-column: 30m, 6h, 1d (default), 1w" };

    public Option<string?> Config { get; } = new("--config") { Description = "bulwark.toml to read the [data] thresholds from (default: ./bulwark.toml if present)" };

    public void AddTo(Command command)
    {
        command.Options.Add(Reference);
        command.Options.Add(Candidate);
        command.Options.Add(LabelColumn);
        command.Options.Add(TextColumn);
        command.Options.Add(IgnoreColumns);
        if (DriftOnly)
        {
            command.Options.Add(TimestampColumn);
            command.Options.Add(Window);
        }
        command.Options.Add(Config);
    }

    /// <exception cref="ConfigException">bulwark.toml is malformed, a threshold is out of range, or --window is not a length.</exception>
    public DataGateRun Read(ParseResult parse)
    {
        var timestamp = DriftOnly ? parse.GetValue(TimestampColumn) : null;
        var windowText = DriftOnly ? parse.GetValue(Window) : null;
        if (windowText is not null && timestamp is null)
        {
            throw new ConfigException("--window needs --timestamp-column");
        }
        var window = TimeSpan.FromDays(1);
        if (windowText is not null)
        {
            window = TimeWindows.Parse(windowText, out var problem) ?? throw new ConfigException($"--window: {problem ?? $"'{windowText}' is too short"}");
        }
        var config = parse.GetValue(Config) is { } path ? BulwarkConfigLoader.Load(path) : BulwarkConfigLoader.LoadFromRoot(Directory.GetCurrentDirectory());
        var options = DataCheckSettings.FromConfig(config.Data, $"{config.SourcePath ?? BulwarkConfig.FileName} [data]");
        var request = new DataCheckRequest(parse.GetValue(Reference)!, parse.GetValue(Candidate)!,
            parse.GetValue(LabelColumn) ?? config.Data.LabelColumn, parse.GetValue(TextColumn) ?? config.Data.TextColumn ?? "text")
        {
            Options = options,
            DriftOnly = DriftOnly,
            IgnoreColumns = parse.GetValue(IgnoreColumns) ?? [],
            TimestampColumn = timestamp,
            Window = window,
        };
        return new DataGateRun(request, config.Data.FailOn);
    }
}

internal sealed record DataGateRun(DataCheckRequest Request, string? ConfiguredFailOn);
