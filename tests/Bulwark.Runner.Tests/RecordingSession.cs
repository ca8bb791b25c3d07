using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Bulwark.Runner.Jobs;

namespace Bulwark.Runner.Tests;

/// <summary>An in-memory <see cref="IJobSession"/>: what a server would receive, in order.</summary>
internal sealed class RecordingSession : IJobSession
{
    private readonly MemoryStream _log = new();
    private readonly Lock _gate = new();

    public List<int> AppendSizes { get; } = [];

    public ConcurrentQueue<string> Events { get; } = new();

    public Dictionary<int, StepResult> Steps { get; } = [];

    public List<(int Step, string Gate, bool Passed, string Json)> Gates { get; } = [];

    public Dictionary<string, (string Sha256, long Length, byte[] Content)> Artifacts { get; } = new(StringComparer.Ordinal);

    public string Log
    {
        get
        {
            lock (_gate)
            {
                return Encoding.UTF8.GetString(_log.ToArray());
            }
        }
    }

    public long LogBytes
    {
        get
        {
            lock (_gate)
            {
                return _log.Length;
            }
        }
    }

    public Task AppendLogAsync(ReadOnlyMemory<byte> maskedUtf8, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _log.Write(maskedUtf8.Span);
            AppendSizes.Add(maskedUtf8.Length);
        }
        return Task.CompletedTask;
    }

    public Task StepStartedAsync(int index, string name, CancellationToken cancellationToken)
    {
        Events.Enqueue($"start {index} {name}");
        return Task.CompletedTask;
    }

    public Task StepFinishedAsync(int index, StepResult result, CancellationToken cancellationToken)
    {
        Events.Enqueue($"finish {index} {result.Conclusion}");
        lock (_gate)
        {
            Steps[index] = result;
        }
        return Task.CompletedTask;
    }

    public Task ReportGateAsync(int stepIndex, string gate, bool passed, string reportJson, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Gates.Add((stepIndex, gate, passed, reportJson));
        }
        return Task.CompletedTask;
    }

    public async Task UploadArtifactAsync(string relativePath, string sha256Hex, long length, Stream content, CancellationToken cancellationToken)
    {
        using var copy = new MemoryStream();
        await content.CopyToAsync(copy, cancellationToken);
        var bytes = copy.ToArray();
        // A real server would recompute the digest too.
        Convert.ToHexStringLower(SHA256.HashData(bytes)).ShouldBe(sha256Hex);
        lock (_gate)
        {
            Artifacts[relativePath] = (sha256Hex, length, bytes);
        }
    }
}
