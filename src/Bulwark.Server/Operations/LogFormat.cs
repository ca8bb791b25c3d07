namespace Bulwark.Server.Operations;

/// <summary>How the server writes its console log: one readable line per event, or one JSON object per line for collectors.</summary>
internal enum LogFormat
{
    Text,
    Json,
}
