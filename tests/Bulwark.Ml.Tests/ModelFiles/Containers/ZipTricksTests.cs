using Bulwark.Core.Findings;
using Bulwark.Ml.ModelFiles;
using Bulwark.Ml.ModelFiles.Containers;
using Bulwark.Ml.Tests.ModelFiles.Testing;

namespace Bulwark.Ml.Tests.ModelFiles.Containers;

public sealed class ZipTricksTests
{
    internal static readonly byte[] Pickle = [0x80, 0x02, (byte)'K', 0x01, (byte)'.'];
    internal static readonly byte[] EvilPickle = [0x80, 0x02, (byte)'X', 4, 0, 0, 0, (byte)'E', (byte)'V', (byte)'I', (byte)'L', (byte)'.'];

    [Fact]
    public void A_plain_archive_gives_no_finding_and_every_member_is_scanned()
    {
        var zip = new ZipBuilder().Add("archive/data.pkl", Pickle).Add("archive/data/0", new byte[64]).Add("archive/version", "3\n"u8.ToArray(), deflate: true).Build();

        var harness = new ScanHarness();
        var result = harness.Scan(zip, "model.pt");

        result.Issues.ShouldBeEmpty();
        harness.Pickles.Seen.Single().Location.ToString().ShouldBe("model.pt!archive/data.pkl");
    }

    [Fact]
    public void Pickles_are_found_by_content_whatever_the_member_name_or_case()
    {
        var zip = new ZipBuilder().Add("weights.NPY", EvilPickle, deflate: true).Add("README", EvilPickle).Build();

        var result = new ScanHarness().Scan(zip, "arrays.npz");

        result.Issues.Count(i => i.Rule == RecordingPickleFormat.Evil).ShouldBe(2);
    }

    [Fact]
    public void A_local_name_that_differs_from_the_directory_is_high()
    {
        var zip = new ZipBuilder().Add(new ZipTestMember("archive/data.pkl", Pickle) { LocalName = "archive/evil.pkl" }).Build();

        var issue = new ScanHarness().Scan(zip).Single("model-zip-header-mismatch");

        issue.Severity.ShouldBe(Severity.High);
        issue.Message.ShouldContain("archive/evil.pkl");
    }

    [Theory]
    [InlineData("archive/data.pkl")]
    [InlineData("ARCHIVE/Data.pkl")]
    public void Duplicate_names_are_high_even_up_to_case(string second)
    {
        var zip = new ZipBuilder().Add("archive/data.pkl", Pickle).Add(second, EvilPickle).Build();

        var result = new ScanHarness().Scan(zip);

        result.Single("model-zip-duplicate-name").Severity.ShouldBe(Severity.High);
        result.Issues.ShouldContain(i => i.Rule == RecordingPickleFormat.Evil);
    }

    [Fact]
    public void A_wrong_crc_is_reported_for_a_member_read_to_the_end()
    {
        var zip = new ZipBuilder().Add(new ZipTestMember("archive/data.pkl", Pickle) { Crc = 0xDEADBEEF }).Build();

        new ScanHarness().Scan(zip).Single("model-zip-crc-mismatch").Message.ShouldContain("deadbeef");
    }

    [Fact]
    public void A_wrong_crc_on_large_tensor_data_is_not_computed()
    {
        var zip = new ZipBuilder().Add(new ZipTestMember("archive/data/0", new byte[1 << 20]) { Crc = 1 }).Build();

        new ScanHarness().Scan(zip).RuleIds().ShouldNotContain("model-zip-crc-mismatch");
    }

    [Fact]
    public void A_data_descriptor_that_disagrees_with_the_directory_is_reported()
    {
        var zip = new ZipBuilder().Add(new ZipTestMember("archive/data.pkl", Pickle) { Descriptor = true, DescriptorUncompressedSize = 999 }).Build();

        new ScanHarness().Scan(zip).Single("model-zip-size-mismatch").Message.ShouldContain("descriptor");
    }

    [Fact]
    public void A_correct_data_descriptor_is_accepted()
    {
        var zip = new ZipBuilder().Add(new ZipTestMember("archive/data.pkl", Pickle) { Descriptor = true }).Build();

        new ScanHarness().Scan(zip).Issues.ShouldBeEmpty();
    }

    [Fact]
    public void A_pickle_prepended_to_a_zip_is_high_and_scanned()
    {
        var zip = new ZipBuilder { Prefix = EvilPickle }.Add("archive/data.pkl", Pickle).Build();
        var harness = new ScanHarness();

        var result = harness.Scan(zip);

        result.Single("model-zip-prepended-data").Severity.ShouldBe(Severity.High);
        result.Single(RecordingPickleFormat.Evil.Id).Location.Member.ShouldBe("(prepended data)");
    }

    [Fact]
    public void The_tail_probe_finds_a_zip_behind_a_pickle_and_scanning_it_as_zip_covers_both()
    {
        var polyglot = new ZipBuilder { Prefix = EvilPickle }.Add("archive/data.pkl", EvilPickle).Build();
        var stream = new MemoryStream(polyglot);

        ZipTailProbe.EndsWithZip(stream).ShouldBeTrue();
        stream.Position.ShouldBe(0);
        ZipTailProbe.EndsWithZip(new MemoryStream(EvilPickle)).ShouldBeFalse();
        var context = new ScanHarness().Scan(polyglot);
        context.Issues.Where(i => i.Rule == RecordingPickleFormat.Evil).Select(i => i.Location.Member).ShouldBe(["(prepended data)", "archive/data.pkl"], ignoreOrder: true);
    }

    [Fact]
    public void A_zip_member_that_is_a_pickle_with_a_zip_behind_it_is_opened_as_both()
    {
        var inner = new ZipBuilder { Prefix = EvilPickle }.Add("inner.pkl", EvilPickle).Build();
        var zip = new ZipBuilder().Add("archive/data.pkl", inner).Build();

        var result = new ScanHarness().Scan(zip);

        result.RuleIds().ShouldContain("model-zip-prepended-data");
        result.Issues.Where(i => i.Rule == RecordingPickleFormat.Evil).Select(i => i.Location.Member).ShouldBe(
            ["archive/data.pkl!(prepended data)", "archive/data.pkl!inner.pkl"], ignoreOrder: true);
    }

    [Theory]
    [InlineData("../../etc/cron.d/x")]
    [InlineData("/etc/passwd")]
    [InlineData("C:/Windows/x.dll")]
    [InlineData("a\\..\\b")]
    public void Names_that_escape_the_folder_are_reported(string name)
    {
        var zip = new ZipBuilder().Add(name, Pickle).Build();

        new ScanHarness().Scan(zip).RuleIds().ShouldContain("model-zip-path-traversal");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Nested_zips_are_reported_and_scanned(bool deflate)
    {
        var inner = new ZipBuilder().Add("deep/data.pkl", EvilPickle).Build();
        var zip = new ZipBuilder().Add("inner.zip", inner, deflate).Build();

        var result = new ScanHarness().Scan(zip, "outer.zip");

        result.RuleIds().ShouldContain("model-zip-nested-archive");
        result.Single(RecordingPickleFormat.Evil.Id).Location.ToString().ShouldBe("outer.zip!inner.zip!deep/data.pkl");
    }

    [Fact]
    public void Nesting_stops_at_the_depth_limit()
    {
        var zip = new ZipBuilder().Add("x.pkl", EvilPickle).Build();
        for (var i = 0; i < 8; i++)
        {
            zip = new ZipBuilder().Add($"level{i}.zip", zip).Build();
        }

        var result = new ScanHarness().Scan(zip);

        result.Notices.ShouldContain(n => n.Message.Contains("nested deeper", StringComparison.Ordinal));
        result.RuleIds().ShouldNotContain(RecordingPickleFormat.Evil.Id);
    }

    [Fact]
    public void Two_entries_sharing_one_local_header_overlap()
    {
        var zip = new ZipBuilder().Add("a.pkl", Pickle).Add(new ZipTestMember("b.pkl", Pickle) { SameOffsetAs = 0 }).Build();

        new ScanHarness().Scan(zip).Single("model-zip-overlap").Severity.ShouldBe(Severity.High);
    }

    [Fact]
    public void Zip64_end_records_are_followed()
    {
        var zip = new ZipBuilder { Zip64 = true }.Add("archive/data.pkl", EvilPickle).Add("archive/version", "3"u8.ToArray()).Build();

        var result = new ScanHarness().Scan(zip);

        result.RuleIds().ShouldBe([RecordingPickleFormat.Evil.Id]);
    }

    [Fact]
    public void Bytes_after_the_end_record_and_signatures_in_the_comment_are_reported()
    {
        var zip = new ZipBuilder { Comment = "PK\u0003\u0004hidden"u8.ToArray(), Trailing = "junk"u8.ToArray() }.Add("a.pkl", Pickle).Build();

        var ids = new ScanHarness().Scan(zip).RuleIds();

        ids.ShouldContain("model-zip-comment");
        ids.ShouldContain("model-zip-trailing-data");
    }

    [Fact]
    public void A_second_end_record_inside_the_comment_is_reported()
    {
        var fake = new byte[22];
        "PK\u0005\u0006"u8.CopyTo(fake);
        var zip = new ZipBuilder { Comment = fake }.Add("a.pkl", Pickle).Build();

        new ScanHarness().Scan(zip).RuleIds().ShouldContain("model-zip-comment");
    }

    [Theory]
    [InlineData((ushort)0x0801, "model-zip-encrypted")]
    [InlineData((ushort)0x0820, "model-zip-unusual-flags")]
    public void Encryption_and_odd_flag_bits_are_reported(ushort flags, string rule)
    {
        var zip = new ZipBuilder().Add(new ZipTestMember("a.pkl", Pickle) { Flags = flags }).Build();

        new ScanHarness().Scan(zip).RuleIds().ShouldContain(rule);
    }

    [Fact]
    public void More_members_than_the_limit_are_reported()
    {
        var builder = new ZipBuilder();
        for (var i = 0; i < 5; i++)
        {
            builder.Add($"m{i}", Pickle);
        }

        var harness = new ScanHarness(new ModelScanLimits { MaxArchiveMembers = 3 });
        var result = harness.Scan(builder.Build());

        result.RuleIds().ShouldContain("model-zip-too-many-members");
        harness.Pickles.Seen.Count.ShouldBe(3);
    }

    [Fact]
    public void Unsupported_compression_methods_are_reported()
    {
        var zip = new ZipBuilder().Add(new ZipTestMember("a.pkl", Pickle) { MethodOverride = 14 }).Build();

        new ScanHarness().Scan(zip).RuleIds().ShouldContain("model-zip-unsupported-method");
    }

    [Fact]
    public void A_member_that_inflates_beyond_its_declared_size_is_cut_and_reported()
    {
        var zip = new ZipBuilder().Add(new ZipTestMember("a.pkl", EvilPickle) { Deflate = true, UncompressedSize = 4 }).Build();

        var harness = new ScanHarness();
        var result = harness.Scan(zip);

        result.RuleIds().ShouldContain("model-zip-size-mismatch");
        harness.Pickles.Seen.Single().Bytes.Length.ShouldBe(4);
    }

    [Fact]
    public void A_member_declaring_more_than_the_member_limit_is_a_bomb()
    {
        var zip = new ZipBuilder().Add(new ZipTestMember("a.pkl", new byte[4096]) { Deflate = true }).Build();

        new ScanHarness(new ModelScanLimits { MaxMemberBytes = 1000 }).Scan(zip).RuleIds().ShouldContain("model-zip-compression-bomb");
    }

    [Fact]
    public void A_local_header_the_directory_does_not_list_is_a_hidden_member()
    {
        var hidden = new ZipBuilder().Add("evil.pkl", EvilPickle).Build()[..40];
        var zip = new ZipBuilder { Gap = hidden }.Add("a.pkl", Pickle).Build();

        new ScanHarness().Scan(zip).Single("model-zip-unlisted-data").Severity.ShouldBe(Severity.High);
    }

    [Fact]
    public void An_empty_archive_is_fine()
    {
        new ScanHarness().Scan(new ZipBuilder().Build()).Issues.ShouldBeEmpty();
    }
}
