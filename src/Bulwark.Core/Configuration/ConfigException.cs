namespace Bulwark.Core.Configuration;

/// <summary>A configuration file or setting is invalid. The message names the file, position or setting.</summary>
public sealed class ConfigException(string message) : Exception(message);
