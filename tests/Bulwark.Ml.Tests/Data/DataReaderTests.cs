using System.Text;
using Bulwark.Ml.Data.Reading;
using Bulwark.Tests.Shared;

namespace Bulwark.Ml.Tests.Data;

public sealed class DataReaderTests : IDisposable
{
    private readonly TempDirectory _dir = new("bulwark-data-read-");

    public void Dispose() => _dir.Dispose();

    private static List<string[]> ReadAll(string path, DataLimits? limits = null)
    {
        using var reader = DataFiles.Open(path, limits ?? DataLimits.Default);
        var rows = new List<string[]>();
        rows.Add([.. reader.Columns]);
        while (reader.Read())
        {
            rows.Add([.. Enumerable.Range(0, reader.Columns.Count).Select(i => reader.IsMissing(i) ? "<missing>" : Encoding.UTF8.GetString(reader.Value(i)))]);
        }
        return rows;
    }

    [Fact]
    public void Csv_reads_rfc4180_quoting_multiline_fields_crlf_bom_and_blank_lines()
    {
        var path = _dir.Write("a.csv", "\uFEFFid,text,n\r\n1,\"say \"\"hi\"\", ok\",2.5\r\n\r\n2,\"two\nlines\",\r\n3,plain,-1");
        var rows = ReadAll(path);
        rows.Count.ShouldBe(4);
        rows[0].ShouldBe(["id", "text", "n"]);
        rows[1].ShouldBe(["1", "say \"hi\", ok", "2.5"]);
        rows[2].ShouldBe(["2", "two\nlines", "<missing>"]);
        rows[3].ShouldBe(["3", "plain", "-1"]);
    }

    [Fact]
    public void Csv_record_line_numbers_count_lines_inside_quoted_fields()
    {
        var path = _dir.Write("lines.csv", "a,b\n\"x\ny\",1\n2,3,4\n");
        var ex = Should.Throw<DataReadException>(() => ReadAll(path));
        ex.Message.ShouldBe($"{path}:4: ragged row: the record has 3 field(s), the header has 2");
    }

    [Theory]
    [InlineData("a,b\n\"open,1\n", ":2: column 1 ('a'): a quoted field is never closed")]
    [InlineData("a,b\n\"x\"y,1\n", ":2: column 1 ('a'): unexpected text after the closing quote")]
    [InlineData("a,,b\n1,2,3\n", ":1: column 2: the header has an empty column name")]
    [InlineData("a,a\n1,2\n", ":1: column 2 ('a'): the header names this column twice")]
    public void Csv_malformed_input_is_reported_with_line_and_column(string content, string expected)
    {
        var path = _dir.Write("bad.csv", content);
        Should.Throw<DataReadException>(() => ReadAll(path)).Message.ShouldContain(expected);
    }

    [Fact]
    public void Csv_invalid_utf8_names_line_column_and_byte()
    {
        var path = _dir.Combine("utf.csv");
        File.WriteAllBytes(path, [.. "a,b\n1,ok\n2,x"u8, 0xC3, 0x28, .. "y\n"u8]);
        Should.Throw<DataReadException>(() => ReadAll(path)).Message.ShouldBe($"{path}:3: column 2 ('b'): invalid UTF-8 at byte 2 of the field");
    }

    [Fact]
    public void Empty_files_and_huge_fields_are_refused_clearly()
    {
        Should.Throw<DataReadException>(() => ReadAll(_dir.Write("empty.csv", ""))).Message.ShouldContain("empty");
        Should.Throw<DataReadException>(() => ReadAll(_dir.Write("empty.jsonl", "\n\n"))).Message.ShouldContain("empty");
        var huge = _dir.Write("huge.csv", "a,b\n1," + new string('x', 5000) + "\n");
        Should.Throw<DataReadException>(() => ReadAll(huge, new DataLimits { MaxFieldBytes = 1000 })).Message
            .ShouldBe($"{huge}:2: column 2 ('b'): the field is larger than 1,000 bytes");
        Should.Throw<DataReadException>(() => ReadAll(_dir.Combine("missing.csv"))).Message.ShouldEndWith("no such file");
        Should.Throw<DataReadException>(() => ReadAll(_dir.Write("x.txt", "a"))).Message.ShouldContain("unknown dataset format");
    }

    [Fact]
    public void Json_lines_map_keys_to_columns_with_escapes_nulls_booleans_and_nested_values()
    {
        var path = _dir.Write("a.jsonl", "{\"text\":\"caf\\u00e9 \\\"x\\\"\",\"label\":1,\"ok\":true}\n\n{\"label\":0,\"text\":null,\"extra\":{\"k\":[1,2]}}\r\n");
        var rows = ReadAll(path);
        rows[0].ShouldBe(["text", "label", "ok", "extra"]);
        rows[1].ShouldBe(["café \"x\"", "1", "true", "<missing>"]);
        rows[2].ShouldBe(["<missing>", "0", "<missing>", "{\"k\":[1,2]}"]);
    }

    [Theory]
    [InlineData("{\"a\":1}\n{\"a\":2,}\n", ":2: column")]
    [InlineData("{\"a\":1}\n[1,2]\n", ":2: column 1: each line must be a JSON object")]
    [InlineData("{\"a\":1}\n{\"a\":1,\"a\":2}\n", ":2: column 8 ('a'): the record has this key twice")]
    [InlineData("{\"a\":1}\n{\"a\":1} x\n", ":2: column")]
    public void Json_lines_malformed_records_name_the_line(string content, string expected)
    {
        var path = _dir.Write("bad.jsonl", content);
        Should.Throw<DataReadException>(() => ReadAll(path)).Message.ShouldContain(path + expected);
    }

    [Fact]
    public void Json_lines_invalid_utf8_names_the_line_and_byte_column()
    {
        var path = _dir.Combine("utf.jsonl");
        File.WriteAllBytes(path, [.. "{\"a\":\"x\"}\n{\"a\":\"x"u8, 0xFF, .. "\"}\n"u8]);
        Should.Throw<DataReadException>(() => ReadAll(path)).Message.ShouldBe($"{path}:2: column 8: invalid UTF-8");
    }
}
