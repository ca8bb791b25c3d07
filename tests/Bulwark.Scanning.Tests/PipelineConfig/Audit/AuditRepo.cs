using Bulwark.Core.Findings;
using Bulwark.Scanning.Dependencies.Database;
using Bulwark.Scanning.PipelineConfig.Audit;
using Bulwark.Tests.Shared;
using Microsoft.Extensions.Time.Testing;

namespace Bulwark.Scanning.Tests.PipelineConfig.Audit;

/// <summary>A scratch repository of pipeline files, an optional advisory database built from the OSV fixtures, and the audit over both.</summary>
internal sealed class AuditRepo : IDisposable
{
    private readonly TempDirectory _temp = new("bulwark-pipeline-audit-");

    public static string Fixtures => Path.Combine(RepositoryPaths.Root, "tests", "Bulwark.Scanning.Tests", "PipelineConfig", "Audit", "Fixtures");

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 4, 1, 0, 0, 0, TimeSpan.Zero));

    public string Root => _temp.Combine("repo");

    public string? DataDirectory { get; private set; }

    public AuditRepo() => Directory.CreateDirectory(Root);

    public AuditRepo Write(string relative, string content)
    {
        _temp.Write(Path.Combine("repo", relative), content);
        return this;
    }

    /// <summary>Copies a fixture to where its name says it lives (see Fixtures/README.md).</summary>
    public AuditRepo WriteFixture(string fixture) => Write(PlaceOf(fixture), File.ReadAllText(fixture));

    public static string PlaceOf(string fixture)
    {
        var name = Path.GetFileName(fixture);
        return name switch
        {
            _ when name.EndsWith(".workflow.yml", StringComparison.Ordinal) => $".github/workflows/{name[..^".workflow.yml".Length]}.yml",
            _ when name.EndsWith(".action.yml", StringComparison.Ordinal) => "action.yml",
            _ when name.EndsWith(".gitlab-ci.yml", StringComparison.Ordinal) => ".gitlab-ci.yml",
            _ when name.EndsWith(".bulwark.yml", StringComparison.Ordinal) => ".bulwark.yml",
            _ => throw new ArgumentException($"fixture name {name} says nowhere"),
        };
    }

    /// <summary>Builds the advisory index from Fixtures/osv through the real importer.</summary>
    public AuditRepo WithAdvisories()
    {
        DataDirectory = _temp.Combine("data");
        new AdvisoryDatabaseUpdater(Time, null).UpdateAsync(DataDirectory, [Path.Combine(Fixtures, "osv")], null, CancellationToken.None).GetAwaiter().GetResult();
        return this;
    }

    public PipelineAuditOutcome Audit(Func<PipelineAuditRequest, PipelineAuditRequest>? configure = null)
    {
        var request = new PipelineAuditRequest(Root) { DataDirectory = DataDirectory ?? _temp.Combine("no-data") };
        return new PipelineAuditService(Time).Run(configure?.Invoke(request) ?? request, CancellationToken.None);
    }

    public static IEnumerable<string> FixtureFiles(string folder) =>
        Directory.EnumerateFiles(Path.Combine(Fixtures, folder), "*.yml").Order(StringComparer.Ordinal);

    /// <summary>The rule ids a vulnerable fixture's first line promises (<c># expect: a, b</c>).</summary>
    public static IReadOnlyList<string> Expected(string fixture)
    {
        var first = File.ReadLines(fixture).First();
        const string marker = "# expect:";
        return first.StartsWith(marker, StringComparison.Ordinal)
            ? [.. first[marker.Length..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)]
            : [];
    }

    public void Dispose() => _temp.Dispose();
}

internal static class FindingAssertions
{
    public static IEnumerable<Finding> Rule(this PipelineAuditOutcome outcome, string id) => outcome.Report.Findings.Where(f => f.RuleId == id);
}
