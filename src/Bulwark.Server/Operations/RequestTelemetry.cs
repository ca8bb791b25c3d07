using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bulwark.Server.Operations;

/// <summary>
/// Counts and logs every request by its route template (never the raw path, query, headers or cookies, which can
/// carry tokens or names). Outermost in the pipeline, so errors are counted with the status the client saw.
/// </summary>
internal static partial class RequestTelemetry
{
    /// <summary>The route label for requests no endpoint matched (scans of random paths must not add series).</summary>
    public const string Unmatched = "(unmatched)";

    public static IApplicationBuilder UseRequestTelemetry(this IApplicationBuilder app)
    {
        var metrics = app.ApplicationServices.GetRequiredService<ServerMetrics>();
        var time = app.ApplicationServices.GetRequiredService<TimeProvider>();
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("Bulwark.Server.Requests");
        return app.Use(async (context, next) =>
        {
            var started = time.GetTimestamp();
            var status = StatusCodes.Status500InternalServerError;
            try
            {
                await next(context);
                status = context.Response.StatusCode;
            }
            finally
            {
                var elapsed = time.GetElapsedTime(started);
                var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? Unmatched;
                metrics.CountRequest(context.Request.Method, route, status, elapsed);
                if (status >= 400 || elapsed >= SlowRequest)
                {
                    LogRequest(logger, context.Request.Method, route, status, elapsed.TotalMilliseconds);
                }
                else
                {
                    LogRoutineRequest(logger, context.Request.Method, route, status, elapsed.TotalMilliseconds);
                }
            }
        });
    }

    /// <summary>Refusals, errors and slow answers are logged at Information; routine successes only at Debug, because
    /// writing a console line per request costs more than answering a cached API call.</summary>
    public static readonly TimeSpan SlowRequest = TimeSpan.FromSeconds(1);

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "HTTP {Method} {Route} answered {Status} in {ElapsedMs:0.0} ms")]
    private static partial void LogRequest(ILogger logger, string method, string route, int status, double elapsedMs);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "HTTP {Method} {Route} answered {Status} in {ElapsedMs:0.0} ms")]
    private static partial void LogRoutineRequest(ILogger logger, string method, string route, int status, double elapsedMs);
}
