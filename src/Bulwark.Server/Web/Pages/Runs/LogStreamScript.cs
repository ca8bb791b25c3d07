using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace Bulwark.Server.Web.Pages.Runs;

/// <summary>
/// The <c>&lt;script src="/js/log-stream.js" defer&gt;</c> tag of the live log view. Razor files may not hold script
/// tags (they cannot be updated by interactive rendering, which this UI does not use), so it is written here. The
/// page must also call <see cref="Operations.SecurityHeaders.AllowOwnScripts"/>, or the CSP blocks the script.
/// Public like every Razor component (the Razor compiler only finds public ones).
/// </summary>
public sealed class LogStreamScript : ComponentBase
{
    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        builder.OpenElement(0, "script");
        builder.AddAttribute(1, "src", WebAssets.LogStreamScriptPath);
        builder.AddAttribute(2, "defer", true);
        builder.CloseElement();
    }
}
