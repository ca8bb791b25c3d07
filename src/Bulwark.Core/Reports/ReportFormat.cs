namespace Bulwark.Core.Reports;

public enum ReportFormat
{
    Table,
    Json,
    Sarif,
}

public static class ReportFormats
{
    public static readonly IReadOnlyList<string> Names = ["table", "json", "sarif"];

    public static bool TryParse(string? text, out ReportFormat format)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "table": format = ReportFormat.Table; return true;
            case "json": format = ReportFormat.Json; return true;
            case "sarif": format = ReportFormat.Sarif; return true;
            default: format = default; return false;
        }
    }

    public static IReportWriter CreateWriter(ReportFormat format) => format switch
    {
        ReportFormat.Table => new TableReportWriter(),
        ReportFormat.Json => new JsonReportWriter(),
        ReportFormat.Sarif => new SarifReportWriter(),
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };
}
