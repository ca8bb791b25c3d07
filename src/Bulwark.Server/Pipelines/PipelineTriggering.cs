using Bulwark.Server.Projects;

namespace Bulwark.Server.Pipelines;

/// <summary>
/// Starts a pipeline for an event: reads the commit's <c>.bulwark.yml</c> and hands it to <see cref="RunCreator"/>.
/// When the repository cannot be read the event still leaves a visible trace: a failed run with the reason.
/// </summary>
internal sealed class PipelineTriggering(IRepositoryReader repository, RunCreator creator)
{
    public async Task<RunCreation> TriggerAsync(Project project, RunTrigger trigger, CancellationToken cancellationToken)
    {
        string? definition;
        try
        {
            definition = await repository.ReadDefinitionAsync(project, trigger.Commit, trigger.Ref, cancellationToken);
        }
        catch (RepositoryReadException ex)
        {
            return await creator.CreateFailedAsync(project, trigger, $"could not read .bulwark.yml at {trigger.Commit}: {ex.Message}", cancellationToken);
        }
        return await creator.CreateAsync(project, trigger, definition, cancellationToken);
    }
}
