using System.IO.Compression;
using System.Text;
using Bulwark.Core.Findings;
using Bulwark.Scanning.Secrets;

namespace Bulwark.Scanning.Tests.Secrets;

public sealed class SecretScannerTests
{
    private static readonly SecretRuleSet Rules = TestRules.Load();

    [Fact]
    public void Reports_line_column_redacted_evidence_and_never_the_secret()
    {
        var token = TestRules.Token(1);
        var findings = ScanHarness.Scan(Rules, $"first line\n  key = \"{token}\"\n");
        var finding = findings.ShouldHaveSingleItem();
        finding.RuleId.ShouldBe("test-token");
        finding.Location.Line.ShouldBe(2);
        finding.Location.Column.ShouldBe(10);
        finding.Location.EndColumn.ShouldBe(10 + token.Length);
        finding.Evidence.ShouldBe($"tok_…({token.Length} chars)");
        finding.Message.ShouldNotContain(token);
        finding.Properties.Values.ShouldNotContain(token);
    }

    [Fact]
    public void Fingerprint_survives_the_secret_moving_to_another_line()
    {
        var token = TestRules.Token(2);
        var before = ScanHarness.Scan(Rules, $"x = \"{token}\"").Single();
        var after = ScanHarness.Scan(Rules, $"\n\n\n    x = \"{token}\"").Single();
        after.Fingerprint.ShouldBe(before.Fingerprint);
        ScanHarness.Scan(Rules, $"x = \"{TestRules.Token(3)}\"").Single().Fingerprint.ShouldNotBe(before.Fingerprint);
    }

    [Theory]
    [InlineData("utf-16le-bom")]
    [InlineData("utf-16be-bom")]
    [InlineData("utf-8-bom")]
    [InlineData("utf-32le-bom")]
    [InlineData("latin-1")]
    public void Finds_secrets_in_any_common_encoding(string encodingName)
    {
        var token = TestRules.Token(4);
        var text = $"café = 'crème'\nsecret = \"{token}\"\n";
        byte[] bytes = encodingName switch
        {
            "utf-16le-bom" => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)],
            "utf-16be-bom" => [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(text)],
            "utf-8-bom" => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)],
            "utf-32le-bom" => [.. Encoding.UTF32.GetPreamble(), .. Encoding.UTF32.GetBytes(text)],
            _ => Encoding.Latin1.GetBytes(text),
        };
        var finding = ScanHarness.Scan(Rules, bytes, "enc.txt").Findings.ShouldHaveSingleItem();
        finding.Location.Line.ShouldBe(2);
        finding.Location.Column.ShouldBe(11);
    }

    [Fact]
    public void Invalid_utf8_is_scanned_not_rejected()
    {
        var token = TestRules.Token(5);
        byte[] bytes = [0xC3, 0x28, 0xFF, (byte)'\n', .. Encoding.ASCII.GetBytes($"k={token}\n")];
        ScanHarness.Scan(Rules, bytes, "bad-utf8.txt").Findings.ShouldHaveSingleItem().Location.Line.ShouldBe(2);
    }

    [Fact]
    public void Binary_content_is_skipped()
    {
        var token = TestRules.Token(6);
        byte[] bytes = [0, 1, 2, 0, .. Encoding.ASCII.GetBytes(token)];
        ScanHarness.Scan(Rules, bytes, "model.bin").Findings.ShouldBeEmpty();
    }

    [Fact]
    public void Inline_allow_comment_suppresses_the_line_only()
    {
        var text = $"a = \"{TestRules.Token(7)}\"  # bulwark:allow\nb = \"{TestRules.Token(8)}\"  // gitleaks:allow\nc = \"{TestRules.Token(9)}\"\n";
        ScanHarness.Scan(Rules, text).ShouldHaveSingleItem().Location.Line.ShouldBe(3);
    }

    [Fact]
    public void Multiline_private_key_block_reports_start_and_end()
    {
        var body = string.Join("\n", Enumerable.Range(0, 5).Select(i => TestRules.Random(10 + i, 64, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")));
        var text = $"# key\n-----BEGIN TEST KEY-----\n{body}\n-----END TEST KEY-----\n";
        var finding = ScanHarness.Scan(Rules, text, "id_test").ShouldHaveSingleItem();
        finding.RuleId.ShouldBe("test-pem");
        finding.Location.Line.ShouldBe(2);
        finding.Location.EndLine.ShouldBe(8);
    }

    [Fact]
    public void Entropy_threshold_and_placeholders_filter_candidates()
    {
        var text = "passcode = 'aaaaaaaa'\npasscode = 'YOUR_PASSCODE_HERE'\npasscode = 'changeme'\npasscode = 'Zr8#kq2!Vx'\n";
        ScanHarness.Scan(Rules, text).ShouldHaveSingleItem().Location.Line.ShouldBe(4);
    }

    [Fact]
    public void Secrets_straddling_chunk_seams_are_found_once_with_correct_positions()
    {
        var options = new SecretScanOptions { ChunkChars = 64 * 1024 };
        var builder = new StringBuilder();
        var expected = new List<(int Line, string Token)>();
        var line = 1;
        for (var i = 0; builder.Length < 1_000_000; i++)
        {
            if (i % 997 == 0)
            {
                var token = TestRules.Token(1000 + i);
                builder.Append("value = \"").Append(token).Append("\"\n");
                expected.Add((line, token));
            }
            else
            {
                builder.Append("filler text line number ").Append(i).Append(" with nothing secret in it\n");
            }
            line++;
        }
        var findings = ScanHarness.Scan(Rules, Encoding.UTF8.GetBytes(builder.ToString()), "big.txt", options).Findings;
        findings.Select(f => f.Location.Line).ShouldBe(expected.Select(e => e.Line));
        findings.ShouldAllBe(f => f.Location.Column == 10);
    }

    [Fact]
    public void Secrets_on_minified_lines_are_found_wherever_the_line_windows_fall()
    {
        // One 40,000-character line with tokens at many offsets, including ones that straddle the reach windows.
        var tokens = Enumerable.Range(0, 40).Select(i => TestRules.Token(500 + i)).ToList();
        var line = new System.Text.StringBuilder();
        var random = new Random(9);
        foreach (var token in tokens)
        {
            line.Append(new string('x', random.Next(50, 1500))).Append(";var t=").Append(token).Append(";");
        }
        var findings = ScanHarness.Scan(Rules, line + "\n", "bundle.min.js");
        findings.Count.ShouldBe(tokens.Count);
        findings.ShouldAllBe(f => f.Location.Line == 1);
    }

    [Fact]
    public void A_secret_cut_by_the_line_window_of_an_earlier_keyword_is_still_found()
    {
        // The first keyword's window ends 4,096 characters after it, in the middle of the second token, and no
        // keyword follows that could open a window over the rest of it.
        var first = TestRules.Token(600);
        var second = TestRules.Token(601);
        var gap = new string('x', SecretMatcher.MaxLineReach - first.Length - 11);
        var line = $"{first};{gap};{second};\n";
        line.IndexOf(second, StringComparison.Ordinal).ShouldBeLessThan(SecretMatcher.MaxLineReach);
        (line.IndexOf(second, StringComparison.Ordinal) + second.Length).ShouldBeGreaterThan(SecretMatcher.MaxLineReach);
        ScanHarness.Scan(Rules, line).Count.ShouldBe(2);
    }

    [Fact]
    public void A_file_full_of_tokens_reports_a_bounded_number_and_says_so()
    {
        var text = string.Concat(Enumerable.Range(0, 60).Select(i => $"t{i} = \"{TestRules.Token(700 + i)}\"\n"));
        var options = new SecretScanOptions { Limits = new() { MaxFindingsPerFile = 50 } };
        var (findings, notices) = ScanHarness.Scan(Rules, Encoding.UTF8.GetBytes(text), "tokens.txt", options);
        findings.Count.ShouldBe(50);
        notices.ShouldHaveSingleItem().Message.ShouldContain("more than 50 findings");
    }

    [Fact]
    public void Very_long_single_line_streams_in_bounded_memory()
    {
        // 512 MB without a newline, then a secret: chunks must stream, never load the whole line.
        var token = TestRules.Token(11);
        using var stream = new RepeatingStream("lorem ipsum dolor sit amet "u8.ToArray(), 512L << 20, Encoding.ASCII.GetBytes($" tok = {token}"));
        var sink = new ScanSink();
        // Bytes allocated by this thread, not the heap size, so tests running in parallel do not disturb the figure.
        var before = GC.GetAllocatedBytesForCurrentThread();
        new SecretScanner(Rules, new SecretScanOptions { Limits = new() { MaxFileBytes = long.MaxValue } })
            .Scan(stream, new Scanning.Secrets.Content.ContentOrigin("huge.txt"), sink, CancellationToken.None);
        var finding = sink.Findings().ShouldHaveSingleItem();
        finding.Location.Line.ShouldBe(1);
        finding.Location.Column.ShouldBeGreaterThan(512 << 20);
        (GC.GetAllocatedBytesForCurrentThread() - before).ShouldBeLessThan(32L << 20);
    }

    [Fact]
    public void Notebook_findings_point_at_json_line_and_cell_in_source_and_outputs()
    {
        var inSource = TestRules.Token(12);
        var inOutput = TestRules.Token(13);
        var notebook = $$"""
            {
             "cells": [
              {
               "cell_type": "markdown",
               "metadata": {},
               "source": ["# Training\n"]
              },
              {
               "cell_type": "code",
               "metadata": {},
               "outputs": [
                {
                 "name": "stdout",
                 "output_type": "stream",
                 "text": ["loaded\n", "token is {{inOutput}}\n"]
                }
               ],
               "source": [
                "import os\n",
                "client = Client(\"{{inSource}}\")\n"
               ]
              }
             ],
             "nbformat": 4,
             "nbformat_minor": 5
            }
            """;
        var findings = ScanHarness.Scan(Rules, Encoding.UTF8.GetBytes(notebook), "train.ipynb").Findings;
        findings.Count.ShouldBe(2);
        var output = findings.Single(f => f.Properties["cellPart"] == "output");
        output.Location.Line.ShouldBe(15);
        output.Properties["cell"].ShouldBe("1");
        output.Location.InnerPath.ShouldBe("cell 1");
        var source = findings.Single(f => f.Properties["cellPart"] == "source");
        source.Location.Line.ShouldBe(20);
        source.Properties["cell"].ShouldBe("1");
    }

    [Fact]
    public void Invalid_notebook_gets_a_notice_naming_the_file_and_is_still_scanned_as_text()
    {
        var token = TestRules.Token(14);
        var (findings, notices) = ScanHarness.Scan(Rules, Encoding.UTF8.GetBytes($"{{\"cells\": [ {{\"source\": \"{token}\" ]"), "broken.ipynb");
        findings.ShouldHaveSingleItem();
        notices.ShouldHaveSingleItem().ToString().ShouldContain("broken.ipynb: invalid notebook JSON at line 1");
    }

    [Fact]
    public void Zip_members_are_scanned_with_their_inner_path_including_nested_archives()
    {
        var inner = Zip(("pkg/settings.py", $"TOKEN = \"{TestRules.Token(15)}\"\n"));
        var outer = Zip(("README.md", "nothing here\n"), ("dist/lib.whl", inner), ("conf/app.env", $"\nT={TestRules.Token(16)}\n"));
        var findings = ScanHarness.Scan(Rules, outer, "bundle.zip").Findings;
        findings.Select(f => f.Location.InnerPath).Order().ShouldBe(["conf/app.env", "dist/lib.whl!pkg/settings.py"]);
        findings.ShouldAllBe(f => f.Location.Path == "bundle.zip");
        findings.Single(f => f.Location.InnerPath == "conf/app.env").Location.Line.ShouldBe(2);
    }

    [Fact]
    public void Archive_depth_limit_stops_nesting_with_a_notice()
    {
        var level3 = Zip(("deep.txt", $"x = {TestRules.Token(17)}\n"));
        var level2 = Zip(("l3.zip", level3));
        var level1 = Zip(("l2.zip", level2));
        var options = new SecretScanOptions { Limits = new() { MaxArchiveDepth = 2 } };
        var (findings, notices) = ScanHarness.Scan(Rules, level1, "l1.zip", options);
        findings.ShouldBeEmpty();
        notices.ShouldContain(n => n.Message.Contains("nesting deeper than 2"));
    }

    [Fact]
    public void Zip_bomb_members_are_skipped_with_a_notice()
    {
        var bomb = Zip(("zeros.txt", new string('0', 10_000_000)));
        var (findings, notices) = ScanHarness.Scan(Rules, bomb, "bomb.zip");
        findings.ShouldBeEmpty();
        notices.ShouldContain(n => n.Message.Contains("zip bomb"));
    }

    [Fact]
    public void An_archive_declaring_too_many_members_is_refused_before_its_directory_is_read()
    {
        var members = Enumerable.Range(0, 120).Select(i => ($"m{i}.txt", (object)"x\n")).ToArray();
        var options = new SecretScanOptions { Limits = new() { MaxArchiveEntries = 100 } };
        var (findings, notices) = ScanHarness.Scan(Rules, Zip(members), "many.zip", options);
        findings.ShouldBeEmpty();
        notices.ShouldHaveSingleItem().Message.ShouldContain("declares 120 members");
    }

    [Fact]
    public void Corrupt_zip_gets_a_notice_not_an_exception()
    {
        byte[] corrupt = [.. "PK\u0003\u0004"u8, .. new byte[200]];
        var (_, notices) = ScanHarness.Scan(Rules, corrupt, "corrupt.zip");
        notices.ShouldHaveSingleItem().Level.ShouldBe(NoticeLevel.Warning);
    }

    [Fact]
    public void Adversarial_lines_take_linear_time()
    {
        // A keyword every few characters on one long line, with near-miss values that keep many match attempts
        // alive: a backtracking engine goes exponential here; ours must grow linearly with the input.
        // The fastest of three runs: a busy CI machine only ever adds time, so the minimum is the honest figure.
        static TimeSpan Time(int repeats)
        {
            var text = string.Concat(Enumerable.Repeat("tok_tok_passcode='passcode=\"", repeats)) + "\n-----BEGIN TEST KEY-----" + new string('A', repeats * 5);
            var best = TimeSpan.MaxValue;
            for (var run = 0; run < 3; run++)
            {
                var watch = System.Diagnostics.Stopwatch.StartNew();
                ScanHarness.Scan(Rules, text);
                best = watch.Elapsed < best ? watch.Elapsed : best;
            }
            return best;
        }
        Time(100);
        var small = Time(2_000);
        var large = Time(8_000);
        large.ShouldBeLessThan(TimeSpan.FromSeconds(15));
        // 4x the input: linear is ~4x, quadratic ~16x. Allow noise on a busy CI machine.
        (large.TotalMilliseconds / Math.Max(small.TotalMilliseconds, 50)).ShouldBeLessThan(8);
    }

    internal static byte[] Zip(params (string Name, object Content)[] members)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in members)
            {
                using var entry = archive.CreateEntry(name, CompressionLevel.Optimal).Open();
                entry.Write(content is string text ? Encoding.UTF8.GetBytes(text) : (byte[])content);
            }
        }
        return buffer.ToArray();
    }
}
