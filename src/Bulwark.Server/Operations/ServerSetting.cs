namespace Bulwark.Server.Operations;

/// <summary>An organisation-wide setting changed at run time (e.g. the MFA policy); every change is audited.</summary>
internal sealed class ServerSetting
{
    public required string Key { get; set; }

    public required string Value { get; set; }

    public DateTime UpdatedAt { get; set; }

    public string? UpdatedBy { get; set; }
}
