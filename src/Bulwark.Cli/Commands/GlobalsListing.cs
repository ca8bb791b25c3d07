using System.Text.Json;
using Bulwark.Core.Findings;
using Bulwark.Core.Reports;
using Bulwark.Ml.ModelFiles;
using Spectre.Console;

namespace Bulwark.Cli.Commands;

/// <summary><c>model scan --list-globals</c>: every global a model imports, where, how, and how it is classified.</summary>
internal static class GlobalsListing
{
    public static void Write(IReadOnlyList<GlobalReference> globals, ReportFormat format, TextWriter output)
    {
        var ordered = globals
            .OrderBy(g => g.Location.File, StringComparer.Ordinal)
            .ThenBy(g => g.Location.Member, StringComparer.Ordinal)
            .ThenBy(g => g.Location.Offset)
            .ToList();
        if (format == ReportFormat.Table)
        {
            WriteTable(ordered, output);
            return;
        }
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteStartArray("globals");
            foreach (var g in ordered)
            {
                json.WriteStartObject();
                json.WriteString("file", g.Location.File);
                if (g.Location.Member is { } member)
                {
                    json.WriteString("member", member);
                }
                json.WriteNumber("offset", g.Location.Offset);
                json.WriteString("global", g.Qualified);
                json.WriteString("via", g.Via);
                json.WriteString("classification", g.Verdict.Class.ToString().ToLowerInvariant());
                json.WriteString("severity", g.Verdict.Severity.ToName());
                json.WriteString("reason", g.Verdict.Reason);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static void WriteTable(List<GlobalReference> globals, TextWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Interactive = InteractionSupport.No });
        if (Console.IsOutputRedirected)
        {
            console.Profile.Width = 160;
        }
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in (string[])["Global", "Class", "Where", "Via", "Reason"])
        {
            table.AddColumn(column);
        }
        foreach (var g in globals.DistinctBy(g => (g.Location.File, g.Location.Member, g.Qualified)))
        {
            var style = g.Verdict.Class switch
            {
                GlobalClass.Dangerous => "red",
                GlobalClass.Unknown => "yellow",
                _ => "green",
            };
            table.AddRow(Markup.Escape(g.Qualified), $"[{style}]{g.Verdict.Class.ToString().ToLowerInvariant()}[/]",
                Markup.Escape(g.Location.ToString()), Markup.Escape(g.Via), Markup.Escape(g.Verdict.Reason));
        }
        console.Write(table);
        console.WriteLine($"{globals.Select(g => g.Qualified).Distinct(StringComparer.Ordinal).Count()} distinct globals");
    }
}
