namespace Bulwark.Server.Secrets;

/// <summary>Secret names become environment variables: <c>[A-Za-z_][A-Za-z0-9_]{0,127}</c>, nothing else.</summary>
internal static class SecretName
{
    public const int MaxLength = 128;
    public const string Rule = "a secret name is 1-128 ASCII letters, digits or '_', not starting with a digit";

    public static bool IsValid(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength || char.IsAsciiDigit(name[0]))
        {
            return false;
        }
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }
        return true;
    }
}
