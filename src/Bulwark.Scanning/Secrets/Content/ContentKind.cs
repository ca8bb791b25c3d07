namespace Bulwark.Scanning.Secrets.Content;

internal enum ContentKind
{
    Text,
    Binary,
    Archive,
}
