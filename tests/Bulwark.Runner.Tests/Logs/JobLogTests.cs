using System.Text;
using Bulwark.Core.Masking;
using Bulwark.Runner.Logs;
using Bulwark.Runner.Sandbox;
using Microsoft.Extensions.Time.Testing;

namespace Bulwark.Runner.Tests.Logs;

public sealed class JobLogTests
{
    private const string Secret = "hf_S3cr3tV4lue+/with=odd&chars";

    private static SecretMasker Masker() => SecretMasker.Create([Secret], out _);

    [Fact]
    public async Task A_secret_split_across_chunks_is_masked_at_every_split_point()
    {
        var text = $"token: {Secret} done\n";
        var bytes = Encoding.UTF8.GetBytes(text);
        for (var split = 1; split < bytes.Length; split++)
        {
            var session = new RecordingSession();
            await using (var log = new JobLog(Masker(), session, 1 << 20, TimeProvider.System))
            {
                await log.WriteAsync(SandboxStream.Stdout, bytes.AsMemory(0, split), default);
                await log.WriteAsync(SandboxStream.Stdout, bytes.AsMemory(split), default);
            }
            session.Log.ShouldBe("token: *** done\n", $"split at {split}");
        }
    }

    [Fact]
    public async Task Encoded_forms_are_masked_and_interleaved_streams_keep_their_own_continuity()
    {
        var base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(Secret));
        var url = Uri.EscapeDataString(Secret);
        var session = new RecordingSession();
        await using (var log = new JobLog(Masker(), session, 1 << 20, TimeProvider.System))
        {
            // Each form split in two, with the other stream's output between the halves.
            await log.WriteAsync(SandboxStream.Stdout, Encoding.UTF8.GetBytes("b64 " + base64[..7]), default);
            await log.WriteAsync(SandboxStream.Stderr, Encoding.UTF8.GetBytes("url " + url[..9]), default);
            await log.WriteAsync(SandboxStream.Stdout, Encoding.UTF8.GetBytes(base64[7..] + "\n"), default);
            await log.WriteAsync(SandboxStream.Stderr, Encoding.UTF8.GetBytes(url[9..] + "\n"), default);
            await log.WriteLineAsync($"runner line with {Secret}", default);
        }
        var received = session.Log;
        received.ShouldNotContain(Secret);
        received.ShouldNotContain(base64[..20]);
        received.ShouldNotContain(url[..20]);
        // stdout's half was held back (it might have been a secret) while stderr went on; the runner line ends both.
        received.ShouldBe("b64 url ***\n***\nrunner line with ***\n");
    }

    [Fact]
    public async Task A_secret_split_in_the_middle_of_a_multibyte_character_boundary_survives_decoding()
    {
        var session = new RecordingSession();
        var bytes = Encoding.UTF8.GetBytes($"é{Secret}é\n");
        await using (var log = new JobLog(Masker(), session, 1 << 20, TimeProvider.System))
        {
            foreach (var b in bytes)
            {
                await log.WriteAsync(SandboxStream.Stdout, new[] { b }, default);
            }
        }
        session.Log.ShouldBe("é***é\n");
    }

    [Fact]
    public async Task Random_chunking_gives_the_same_text_as_masking_the_whole()
    {
        var random = new Random(8);
        var masker = Masker();
        var parts = new[] { Secret, Convert.ToBase64String(Encoding.UTF8.GetBytes(Secret)), Uri.EscapeDataString(Secret), "plain ", "hf_", "\n", "ü", "S3cr" };
        for (var round = 0; round < 200; round++)
        {
            var text = string.Concat(Enumerable.Range(0, random.Next(1, 30)).Select(_ => parts[random.Next(parts.Length)]));
            var bytes = Encoding.UTF8.GetBytes(text);
            var session = new RecordingSession();
            await using (var log = new JobLog(masker, session, 1 << 20, TimeProvider.System))
            {
                var at = 0;
                while (at < bytes.Length)
                {
                    var size = Math.Min(bytes.Length - at, random.Next(1, 12));
                    await log.WriteAsync(SandboxStream.Stdout, bytes.AsMemory(at, size), default);
                    at += size;
                }
            }
            session.Log.ShouldBe(masker.Mask(text), text);
        }
    }

    [Fact]
    public async Task The_log_is_cut_at_its_limit_with_one_marker_line()
    {
        var session = new RecordingSession();
        var line = Encoding.UTF8.GetBytes(new string('x', 99) + "\n");
        await using (var log = new JobLog(Masker(), session, 1000, TimeProvider.System))
        {
            for (var i = 0; i < 50; i++)
            {
                await log.WriteAsync(SandboxStream.Stdout, line, default);
            }
            await log.WriteLineAsync("after the cut", default);
        }
        var marker = CappedLogWriter.Marker(1000);
        session.Log.Length.ShouldBe(1000 + marker.Length);
        session.Log.ShouldEndWith(marker);
        session.Log.ShouldNotContain("after the cut");
    }

    [Fact]
    public async Task The_cut_never_splits_a_character()
    {
        var session = new RecordingSession();
        await using (var log = new JobLog(SecretMasker.Empty, session, 10, TimeProvider.System))
        {
            await log.WriteAsync(SandboxStream.Stdout, Encoding.UTF8.GetBytes("ab€€€€€€"), default);
        }
        session.Log.ShouldStartWith("ab€€\n[bulwark]");
    }

    [Fact]
    public async Task Output_is_sent_in_batches_by_size()
    {
        var session = new RecordingSession();
        var chunk = Encoding.UTF8.GetBytes(new string('y', 1000) + "\n");
        await using (var log = new JobLog(SecretMasker.Empty, session, 1 << 20, new FakeTimeProvider()))
        {
            for (var i = 0; i < 100; i++)
            {
                await log.WriteAsync(SandboxStream.Stdout, chunk, default);
            }
            var chunksPerBatch = (JobLog.BatchBytes + chunk.Length - 1) / chunk.Length;
            session.AppendSizes.Count.ShouldBe(100 / chunksPerBatch);
            session.AppendSizes.ShouldAllBe(size => size >= JobLog.BatchBytes && size < JobLog.BatchBytes + chunk.Length);
        }
        session.LogBytes.ShouldBe(100 * chunk.Length);
    }

    [Fact]
    public async Task Quiet_output_is_sent_after_the_batch_delay()
    {
        var session = new RecordingSession();
        var time = new FakeTimeProvider();
        await using var log = new JobLog(SecretMasker.Empty, session, 1 << 20, time);
        await log.WriteAsync(SandboxStream.Stdout, Encoding.UTF8.GetBytes("first line\n"), default);
        session.LogBytes.ShouldBe(0);

        time.Advance(JobLog.BatchDelay);
        for (var i = 0; i < 100 && session.LogBytes == 0; i++)
        {
            await Task.Delay(10);
        }
        session.Log.ShouldBe("first line\n");
    }

    [Fact]
    public async Task Text_that_may_start_a_secret_is_held_back_until_the_step_ends()
    {
        var session = new RecordingSession();
        var time = new FakeTimeProvider();
        await using var log = new JobLog(Masker(), session, 1 << 20, time);
        await log.WriteAsync(SandboxStream.Stdout, Encoding.UTF8.GetBytes("line\n" + Secret[..10]), default);
        time.Advance(JobLog.BatchDelay);
        for (var i = 0; i < 100 && session.LogBytes == 0; i++)
        {
            await Task.Delay(10);
        }
        session.Log.ShouldBe("line\n");

        await log.FlushAsync(default);
        session.Log.ShouldBe("line\n" + Secret[..10]);
    }
}
