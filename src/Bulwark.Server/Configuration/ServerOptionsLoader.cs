using Bulwark.Core.Configuration;

namespace Bulwark.Server.Configuration;

/// <summary>
/// Merges the settings sources, highest priority first: command-line flags, <c>BULWARK_*</c> environment
/// variables, then <c>server.toml</c> in the data directory. Unknown keys and wrong types are errors that
/// name the key and the file.
/// </summary>
internal static class ServerOptionsLoader
{
    public const string ConfigFileName = "server.toml";

    public static ServerOptions Load(string dataDirectory, ServerSettingsSource flags, Func<string, string?> environment)
    {
        var file = FromFile(Path.Combine(dataDirectory, ConfigFileName));
        var env = FromEnvironment(environment);
        var defaults = new ServerOptions { DataDirectory = dataDirectory };
        return defaults with
        {
            Listen = flags.Listen ?? env.Listen ?? file.Listen ?? defaults.Listen,
            InsecureHttp = flags.InsecureHttp ?? env.InsecureHttp ?? file.InsecureHttp ?? defaults.InsecureHttp,
            TlsCertificatePath = flags.TlsCertificatePath ?? env.TlsCertificatePath ?? file.TlsCertificatePath,
            TlsKeyPath = flags.TlsKeyPath ?? env.TlsKeyPath ?? file.TlsKeyPath,
            Database = flags.Database ?? env.Database ?? file.Database,
            MaxRequestBodyBytes = flags.MaxRequestBodyBytes ?? env.MaxRequestBodyBytes ?? file.MaxRequestBodyBytes ?? defaults.MaxRequestBodyBytes,
            RequireMfaForPrivilegedRoles = flags.RequireMfaForPrivilegedRoles ?? env.RequireMfaForPrivilegedRoles ?? file.RequireMfaForPrivilegedRoles ?? defaults.RequireMfaForPrivilegedRoles,
            AllowLocalRepositories = flags.AllowLocalRepositories ?? env.AllowLocalRepositories ?? file.AllowLocalRepositories ?? defaults.AllowLocalRepositories,
            EmbeddedRunners = RunnerCount(flags.EmbeddedRunners ?? env.EmbeddedRunners ?? file.EmbeddedRunners) ?? defaults.EmbeddedRunners,
            UnsafeProcessExecutor = flags.UnsafeProcessExecutor ?? env.UnsafeProcessExecutor ?? file.UnsafeProcessExecutor ?? defaults.UnsafeProcessExecutor,
            WorkDirectory = flags.WorkDirectory ?? env.WorkDirectory ?? file.WorkDirectory,
            AdvisoryDatabase = flags.AdvisoryDatabase ?? env.AdvisoryDatabase ?? file.AdvisoryDatabase,
        };
    }

    private static int? RunnerCount(long? value) => value switch
    {
        null => null,
        >= 0 and <= 64 => (int)value,
        _ => throw new ServerOptionsException($"embedded-runners: {value} is out of range (0 to 64)"),
    };

    private static ServerSettingsSource FromFile(string path)
    {
        if (!File.Exists(path))
        {
            return new ServerSettingsSource();
        }
        try
        {
            var table = TomlReading.ParseFile(path);
            TomlReading.RejectUnknownKeys(table, path, "listen", "insecure-http", "tls-cert", "tls-key", "database", "max-request-body", "require-mfa", "vault",
                "allow-local-repositories", "embedded-runners", "unsafe-process-executor", "work-dir", "advisory-db");
            return new ServerSettingsSource
            {
                Listen = TomlReading.GetString(table, "listen", path),
                InsecureHttp = TomlReading.GetBoolean(table, "insecure-http", path),
                TlsCertificatePath = TomlReading.GetString(table, "tls-cert", path),
                TlsKeyPath = TomlReading.GetString(table, "tls-key", path),
                Database = TomlReading.GetString(table, "database", path),
                MaxRequestBodyBytes = TomlReading.GetInteger(table, "max-request-body", path),
                RequireMfaForPrivilegedRoles = TomlReading.GetBoolean(table, "require-mfa", path),
                AllowLocalRepositories = TomlReading.GetBoolean(table, "allow-local-repositories", path),
                EmbeddedRunners = TomlReading.GetInteger(table, "embedded-runners", path),
                UnsafeProcessExecutor = TomlReading.GetBoolean(table, "unsafe-process-executor", path),
                WorkDirectory = TomlReading.GetString(table, "work-dir", path),
                AdvisoryDatabase = TomlReading.GetString(table, "advisory-db", path),
            };
        }
        catch (ConfigException ex)
        {
            throw new ServerOptionsException(ex.Message);
        }
    }

    private static ServerSettingsSource FromEnvironment(Func<string, string?> environment) => new()
    {
        Listen = environment("BULWARK_LISTEN"),
        InsecureHttp = Boolean(environment, "BULWARK_INSECURE_HTTP"),
        TlsCertificatePath = environment("BULWARK_TLS_CERT"),
        TlsKeyPath = environment("BULWARK_TLS_KEY"),
        Database = environment("BULWARK_DATABASE"),
        MaxRequestBodyBytes = Integer(environment, "BULWARK_MAX_REQUEST_BODY"),
        RequireMfaForPrivilegedRoles = Boolean(environment, "BULWARK_REQUIRE_MFA"),
        AllowLocalRepositories = Boolean(environment, "BULWARK_ALLOW_LOCAL_REPOSITORIES"),
        EmbeddedRunners = Integer(environment, "BULWARK_EMBEDDED_RUNNERS"),
        UnsafeProcessExecutor = Boolean(environment, "BULWARK_UNSAFE_PROCESS_EXECUTOR"),
        WorkDirectory = environment("BULWARK_WORK_DIR"),
        AdvisoryDatabase = environment("BULWARK_ADVISORY_DB"),
    };

    private static bool? Boolean(Func<string, string?> environment, string name) => environment(name) switch
    {
        null or "" => null,
        "1" or "true" or "yes" => true,
        "0" or "false" or "no" => false,
        var other => throw new ServerOptionsException($"{name}: '{other}' is not a boolean (true/false, 1/0, yes/no)"),
    };

    private static long? Integer(Func<string, string?> environment, string name) => environment(name) switch
    {
        null or "" => null,
        var text when long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) => value,
        var other => throw new ServerOptionsException($"{name}: '{other}' is not a whole number"),
    };
}
