using System.Text.RegularExpressions;

namespace Bulwark.Scanning.Web.Checks;

/// <summary>Signatures read from response bodies (up to 2 MiB, untrusted): NonBacktracking, so matching is linear.</summary>
internal static partial class ResponsePatterns
{
    /// <summary>Stack traces and framework developer error pages.</summary>
    [GeneratedRegex(@"Traceback \(most recent call last\)|\n[ \t]+at [\w.`<>$|\[\],]+\([^)\n]*\) in [^\n]+:line \d+|\w(?:Exception|Error): [^\n]*\r?\n[ \t]+at [\w.$<>]+[.(]|An unhandled exception occurred while processing the request|Werkzeug Debugger|DEBUG = True|Whitelabel Error Page|<b>(?:Fatal|Parse) error</b>:|\bat [\w.$]+\([\w]+\.java:\d+\)|node_modules/[\w@./-]+\.js:\d+:\d+", RegexOptions.NonBacktracking)]
    public static partial Regex StackTrace();

    /// <summary>Database error messages: what an unbalanced quote produces when SQL is built by concatenation.</summary>
    [GeneratedRegex(@"SQLite Error \d+|SQLITE_ERROR|sqlite3\.OperationalError|unrecognized token: ""|You have an error in your SQL syntax|\bORA-\d{5}\b|PG::SyntaxError|psycopg2\.errors|SQLSTATE\[|Unclosed quotation mark after the character string|unterminated quoted string at or near|syntax error at or near|near ""[^""\n]*"": syntax error|MySqlException|SqlException \(0x|Npgsql\.PostgresException", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    public static partial Regex SqlError();

    [GeneratedRegex(@"<title>\s*(?:Index of /|Directory listing for /)|<h1>\s*(?:Index of /|Directory listing for /)", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    public static partial Regex DirectoryListing();

    [GeneratedRegex(@"\d+\.\d+")]
    public static partial Regex Version();

    /// <summary>/etc/passwd or win.ini contents: proof a traversal reached a system file.</summary>
    [GeneratedRegex(@"root:[x*!]?:0:0:|\[fonts\]\r?\n|; for 16-bit app support", RegexOptions.NonBacktracking)]
    public static partial Regex SystemFile();
}
