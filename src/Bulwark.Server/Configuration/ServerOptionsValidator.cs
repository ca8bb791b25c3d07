using System.Net;
using Bulwark.Server.Storage;

namespace Bulwark.Server.Configuration;

/// <summary>Checks the options before the server binds anything; every error names the setting.</summary>
internal static class ServerOptionsValidator
{
    public static IPEndPoint Validate(ServerOptions options)
    {
        if (!IPEndPoint.TryParse(options.Listen, out var endpoint) || !options.Listen.Contains(':', StringComparison.Ordinal))
        {
            throw new ServerOptionsException($"listen: '{options.Listen}' is not an IP address and port such as 127.0.0.1:8443");
        }
        if (options.InsecureHttp && !IPAddress.IsLoopback(endpoint.Address))
        {
            throw new ServerOptionsException($"insecure-http: plain HTTP is allowed only on a loopback address, not {endpoint.Address}; serve HTTPS (--tls-cert/--tls-key) instead");
        }
        if ((options.TlsCertificatePath is null) != (options.TlsKeyPath is null))
        {
            throw new ServerOptionsException("tls-cert/tls-key: give both the certificate and its key, or neither for a generated self-signed certificate");
        }
        if (options.InsecureHttp && options.TlsCertificatePath is not null)
        {
            throw new ServerOptionsException("insecure-http: cannot be combined with tls-cert/tls-key");
        }
        foreach (var (name, path) in new[] { ("tls-cert", options.TlsCertificatePath), ("tls-key", options.TlsKeyPath) })
        {
            if (path is not null && !File.Exists(path))
            {
                throw new ServerOptionsException($"{name}: file '{path}' does not exist");
            }
        }
        if (options.MaxRequestBodyBytes is < 1024 or > 1L << 30)
        {
            throw new ServerOptionsException($"max-request-body: {options.MaxRequestBodyBytes} is outside 1024..1073741824 bytes");
        }
        if (options.AdvisoryDatabase is { } advisories && !File.Exists(Path.Combine(advisories, Scanning.Dependencies.Database.IndexFormat.FileName)))
        {
            throw new ServerOptionsException($"advisory-db: '{advisories}' holds no {Scanning.Dependencies.Database.IndexFormat.FileName}; give the osv folder of a data directory after `bulwark deps db update --data-dir DIR`");
        }
        DatabaseProvider.Detect(options);
        return endpoint;
    }
}
