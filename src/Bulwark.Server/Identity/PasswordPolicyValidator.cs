using System.Collections.Frozen;
using Microsoft.AspNetCore.Identity;

namespace Bulwark.Server.Identity;

/// <summary>
/// Refuses passwords that guessing attacks try first: one from the common-passwords list (also with trailing digits
/// and symbols removed, since "monkey123456" is "monkey" plus the usual suffix), or one containing the username.
/// Length is Identity's own rule; this validator runs for the web UI and <c>bulwark admin create-user</c> alike.
/// </summary>
internal sealed class PasswordPolicyValidator : IPasswordValidator<BulwarkUser>
{
    /// <summary>Shorter bases are not looked up after stripping a suffix: "ab" + digits is not a listed password.</summary>
    private const int MinimumStrippedLength = 4;

    private static readonly Lazy<FrozenSet<string>> Common = new(Load);

    public Task<IdentityResult> ValidateAsync(UserManager<BulwarkUser> manager, BulwarkUser user, string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            return Task.FromResult(IdentityResult.Success);
        }
        if (IsCommon(password))
        {
            return Task.FromResult(IdentityResult.Failed(new IdentityError
            {
                Code = "PasswordTooCommon",
                Description = "This password is one of the most common passwords (or one with digits added); choose another.",
            }));
        }
        if (user.UserName is { Length: >= 3 } name && password.Contains(name, StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(IdentityResult.Failed(new IdentityError
            {
                Code = "PasswordContainsUserName",
                Description = "The password must not contain the username.",
            }));
        }
        return Task.FromResult(IdentityResult.Success);
    }

    public static bool IsCommon(string password)
    {
        if (Common.Value.Contains(password))
        {
            return true;
        }
        var stripped = password.AsSpan().TrimEnd("0123456789!@#$%^&*?.-_+=~ ");
        return stripped.Length >= MinimumStrippedLength && stripped.Length < password.Length
            && Common.Value.GetAlternateLookup<ReadOnlySpan<char>>().Contains(stripped);
    }

    private static FrozenSet<string> Load()
    {
        using var stream = typeof(PasswordPolicyValidator).Assembly.GetManifestResourceStream("common-passwords.txt")
            ?? throw new InvalidOperationException("the common-passwords list is missing from the server assembly");
        using var reader = new StreamReader(stream);
        var words = new List<string>(10_500);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                words.Add(line);
            }
        }
        return words.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    }
}
