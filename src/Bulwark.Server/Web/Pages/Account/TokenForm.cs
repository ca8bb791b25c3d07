using Bulwark.Server.Access;

namespace Bulwark.Server.Web.Pages.Account;

/// <summary>The create-token form: a name, one checkbox per scope, and the days until expiry.</summary>
internal sealed class TokenForm
{
    public string? Name { get; set; }

    public int? ExpiresInDays { get; set; }

    public bool All { get; set; }

    public bool Read { get; set; }

    public bool Write { get; set; }

    public bool RunsWrite { get; set; }

    public bool AuditRead { get; set; }

    public bool Admin { get; set; }

    public IReadOnlyList<string> Scopes() =>
        new (bool Ticked, string Scope)[]
        {
            (All, TokenScopes.All), (Read, TokenScopes.Read), (Write, TokenScopes.Write),
            (RunsWrite, TokenScopes.RunsWrite), (AuditRead, TokenScopes.AuditRead), (Admin, TokenScopes.Admin),
        }.Where(s => s.Ticked).Select(s => s.Scope).ToArray();
}
