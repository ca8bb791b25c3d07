using Bulwark.Scanning.Dependencies.Audit;
using Bulwark.Scanning.Dependencies.Database;
using Bulwark.Tests.Shared;
using Microsoft.Extensions.Time.Testing;

namespace Bulwark.Scanning.Tests.Dependencies.Audit;

/// <summary>A project folder and a data directory whose index is built from the advisories a test gives.</summary>
internal sealed class AuditHarness : IDisposable
{
    private readonly TempDirectory _temp = new("bulwark-audit-");

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2024, 6, 3, 0, 0, 0, TimeSpan.Zero));

    public string Project => _temp.Combine("project");

    public string DataDirectory => _temp.Combine("data");

    public AuditHarness()
    {
        Directory.CreateDirectory(Project);
    }

    public AuditHarness WithAdvisories(params string[] advisories)
    {
        var zip = OsvFixtures.Zip(_temp.Combine($"osv-{Guid.NewGuid():N}.zip"), advisories);
        new AdvisoryDatabaseUpdater(Time, null).UpdateAsync(DataDirectory, [zip], null, CancellationToken.None).GetAwaiter().GetResult();
        return this;
    }

    public AuditHarness WithFile(string relative, string content)
    {
        _temp.Write(Path.Combine("project", relative), content);
        return this;
    }

    public DependencyAuditOutcome Audit(Func<DependencyAuditRequest, DependencyAuditRequest>? configure = null)
    {
        var request = new DependencyAuditRequest(Project, DataDirectory);
        return new DependencyAuditService(Time).Run(configure?.Invoke(request) ?? request, null, CancellationToken.None);
    }

    public void Dispose() => _temp.Dispose();
}
