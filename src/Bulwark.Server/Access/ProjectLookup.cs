using Microsoft.AspNetCore.Http;

namespace Bulwark.Server.Access;

/// <summary>
/// Endpoint metadata for routes that name their project indirectly (<c>/runs/{runId}/…</c>): finds the project's name
/// so that <see cref="PermissionHandler"/> checks the caller's role in it, as for routes with <c>{name}</c>. Null (no
/// such resource) is refused like a project the caller is not a member of, so ids of other projects' resources are
/// never confirmed.
/// </summary>
internal sealed record ProjectLookup(Func<HttpContext, CancellationToken, Task<string?>> FindProjectAsync);
