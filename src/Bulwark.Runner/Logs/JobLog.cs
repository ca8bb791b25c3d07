using System.Text;
using Bulwark.Core.Masking;
using Bulwark.Runner.Jobs;
using Bulwark.Runner.Sandbox;

namespace Bulwark.Runner.Logs;

/// <summary>
/// One job's log on its way to the server: process output (stdout and stderr, each its own stream so a secret
/// split across chunks is still masked) and runner lines (step headers, checkout progress, gate summaries) pass
/// the same <see cref="SecretMasker"/>, then the size cap, then go to <see cref="IJobSession.AppendLogAsync"/> in
/// batches: when <see cref="BatchBytes"/> are pending, every <see cref="BatchDelay"/>, and on <see cref="FlushAsync"/>.
/// Nothing unmasked is ever sent: text that may be the start of a secret is held back until it is decided.
/// Thread-safe.
/// </summary>
internal sealed class JobLog : IAsyncDisposable
{
    public const int BatchBytes = 16 * 1024;
    public static readonly TimeSpan BatchDelay = TimeSpan.FromMilliseconds(200);

    private readonly SecretMasker _masker;
    private readonly IJobSession _session;
    private readonly CappedLogWriter _sink;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly StreamMasker[] _streams;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _ticker;
    private Exception? _sendFailure;

    public JobLog(SecretMasker masker, IJobSession session, long maxBytes, TimeProvider time)
    {
        _masker = masker;
        _session = session;
        _sink = new CappedLogWriter(maxBytes);
        _streams = [new StreamMasker(masker, _sink), new StreamMasker(masker, _sink)];
        _ticker = TickAsync(time);
    }

    /// <summary>A chunk of a process's output (a <see cref="SandboxOutput"/> callback).</summary>
    public async ValueTask WriteAsync(SandboxStream stream, ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            ThrowIfSendFailed();
            if (!_sink.Truncated)
            {
                _streams[(int)stream].Write(chunk.Span);
            }
            if (_sink.PendingBytes >= BatchBytes)
            {
                await SendAsync(cancellationToken);
            }
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>A line of the runner's own (masked like everything else); the line ends the streams' pending text first.</summary>
    public async Task WriteLineAsync(string line, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            ThrowIfSendFailed();
            FlushStreams();
            _sink.Write(_masker.Mask(line));
            _sink.Write('\n');
            if (_sink.PendingBytes >= BatchBytes)
            {
                await SendAsync(cancellationToken);
            }
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Ends the current output (a step finished): writes held-back text, masked, and sends everything pending.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            ThrowIfSendFailed();
            FlushStreams();
            await SendAsync(cancellationToken);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Stops the timer and flushes what is left (the session is called with no cancellation: the job's end must be logged).</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _ticker;
        await FlushAsync(CancellationToken.None);
        _stop.Dispose();
        foreach (var stream in _streams)
        {
            stream.Dispose();
        }
    }

    private void FlushStreams()
    {
        foreach (var stream in _streams)
        {
            stream.Flush();
        }
    }

    private async Task SendAsync(CancellationToken cancellationToken)
    {
        if (_sink.PendingBytes == 0)
        {
            return;
        }
        await _session.AppendLogAsync(_sink.TakePending(), cancellationToken);
    }

    private void ThrowIfSendFailed()
    {
        if (_sendFailure is not null)
        {
            throw new InvalidOperationException("sending the job log failed", _sendFailure);
        }
    }

    /// <summary>Sends what is pending every <see cref="BatchDelay"/> so a quiet process's last lines still show up live.</summary>
    private async Task TickAsync(TimeProvider time)
    {
        try
        {
            while (true)
            {
                await Task.Delay(BatchDelay, time, _stop.Token);
                await _lock.WaitAsync(_stop.Token);
                try
                {
                    await SendAsync(_stop.Token);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    _sendFailure ??= ex;
                    return;
                }
                finally
                {
                    _lock.Release();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
    }

    /// <summary>One output stream: UTF-8 decoding that survives chunk boundaries, then masking that does too.</summary>
    private sealed class StreamMasker(SecretMasker masker, TextWriter sink) : IDisposable
    {
        private readonly Decoder _decoder = new UTF8Encoding(false, throwOnInvalidBytes: false).GetDecoder();
        private readonly MaskingWriter _writer = masker.CreateWriter(sink);
        private char[] _chars = new char[4096];

        public void Write(ReadOnlySpan<byte> bytes)
        {
            var needed = _decoder.GetCharCount(bytes, flush: false);
            if (needed > _chars.Length)
            {
                _chars = new char[Math.Max(needed, _chars.Length * 2)];
            }
            var count = _decoder.GetChars(bytes, _chars, flush: false);
            _writer.Write(_chars.AsSpan(0, count));
        }

        public void Flush()
        {
            var count = _decoder.GetChars([], _chars, flush: true);
            _writer.Write(_chars.AsSpan(0, count));
            _writer.Flush();
        }

        public void Dispose()
        {
            _writer.Dispose();
            Array.Clear(_chars);
        }
    }
}
