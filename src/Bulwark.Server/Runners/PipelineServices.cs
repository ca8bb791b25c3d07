using Bulwark.Runner.Checkout;
using Bulwark.Runner.Jobs;
using Bulwark.Runner.Sandbox;
using Bulwark.Server.Configuration;
using Bulwark.Server.Pipelines;
using Bulwark.Server.Runs;
using Microsoft.Extensions.DependencyInjection;

namespace Bulwark.Server.Runners;

/// <summary>Registers runs, the queue, webhooks' run creation and the embedded runner.</summary>
internal static class PipelineServices
{
    public static IServiceCollection AddPipelines(this IServiceCollection services, ServerOptions options)
    {
        var git = new GitOptions { AllowLocalRepositories = options.AllowLocalRepositories };
        services.AddSingleton<JobSignal>();
        services.AddScoped<JobQueue>();
        services.AddScoped<RunCancellation>();
        services.AddScoped<JobLogStore>();
        services.AddScoped<RunQueries>();
        services.AddScoped<RunCreator>();
        services.AddScoped<PipelineTriggering>();
        services.AddScoped<ManualRuns>();
        services.AddScoped<JobDispatch>();
        services.AddScoped<RunnerRegistry>();
        services.AddSingleton(new GitRemote(git));
        services.AddScoped<CheckoutCredentials>();
        services.AddScoped<IRepositoryReader, GitRepositoryReader>();
        services.AddHostedService<LeaseSweeper>();
        if (options.EmbeddedRunners > 0)
        {
            var runner = RunnerWorkDefaults.Options(options);
            services.AddSingleton(sp =>
            {
                var time = sp.GetRequiredService<TimeProvider>();
                var jobs = new JobRunner(runner, new GitCheckout(git), SandboxExecutors.Create(runner, time), time);
                return new JobExecution(jobs.RunAsync);
            });
            services.AddHostedService<EmbeddedRunner>();
        }
        return services;
    }
}
