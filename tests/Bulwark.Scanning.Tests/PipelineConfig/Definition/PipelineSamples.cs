namespace Bulwark.Scanning.Tests.PipelineConfig.Definition;

/// <summary>The full example of docs/pipeline-reference.md, used by the round-trip and mutation tests.</summary>
internal static class PipelineSamples
{
    public const string Full = """
        on:
          push: { branches: [main, "release/*"], tags: ["v*"] }
          pull_request: { branches: [main] }
          tag: {}
          manual: {}
          schedule: [{ cron: "0 3 * * *" }]
        jobs:
          lint:
            steps:
              - run: ruff check .
          build:
            runs-on: [linux]
            needs: [lint]
            if: "branch == 'main' && event != 'pull_request'"
            env: { PYTHONUNBUFFERED: "1" }
            secrets: [HF_TOKEN]
            timeout: 30m
            network: none
            environment: production
            artifacts: [dist/**, reports/*.sarif]
            steps:
              - name: test
                run: pytest -q
              - uses: bulwark/secrets-scan
                with: { path: ., fail-on: high }
        """;

    /// <summary>A minimal valid pipeline with <paramref name="job"/> (indented by four) as the body of job 'a'.</summary>
    public static string WithJob(string job) => "on: push\njobs:\n  a:\n" + job;
}
