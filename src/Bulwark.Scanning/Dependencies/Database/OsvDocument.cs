namespace Bulwark.Scanning.Dependencies.Database;

/// <summary>One JSON document of an OSV archive or folder, with the name it had there.</summary>
internal readonly record struct OsvDocument(string Name, byte[] Content);
