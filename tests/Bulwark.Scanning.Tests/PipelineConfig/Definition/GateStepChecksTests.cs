using Bulwark.Scanning.PipelineConfig.Definition;

namespace Bulwark.Scanning.Tests.PipelineConfig.Definition;

/// <summary>Gate steps checked against their job: required keys, the network a DAST scan needs, credentials only from secrets.</summary>
public sealed class GateStepChecksTests
{
    private const string Egress = "    network: egress\n    secrets: [STAGING_TOKEN]\n";

    [Fact]
    public void A_dast_step_with_url_egress_and_a_secret_reference_is_valid()
    {
        var result = PipelineParser.Parse(PipelineSamples.WithJob(Egress
            + "    steps:\n"
            + "      - uses: bulwark/dast\n"
            + "        with:\n"
            + "          url: https://staging.example.com\n"
            + "          openapi: api/openapi.yaml\n"
            + "          auth-header: \"Authorization: Bearer ${{ secrets.STAGING_TOKEN }}\"\n"
            + "          max-requests: 2000\n"
            + "          fail-on: medium\n"));

        result.Errors.ShouldBeEmpty();
        var step = result.Definition!.Jobs[0].Steps.ShouldHaveSingleItem();
        step.Uses.ShouldBe("dast");
        step.With["auth-header"].ShouldBe("Authorization: Bearer ${{ secrets.STAGING_TOKEN }}");
    }

    [Theory]
    [InlineData(Egress + "    steps: [{ uses: bulwark/dast }]\n",
        "bulwark/dast in job 'a' needs 'url' under 'with:' (e.g. with: { url: https://staging.example.com })", 6, 13)]
    [InlineData(Egress + "    steps: [{ uses: bulwark/dast, with: { rate: 10 } }]\n",
        "bulwark/dast in job 'a' needs 'url' under 'with:' (e.g. with: { url: https://staging.example.com })", 6, 13)]
    [InlineData("    steps: [{ uses: bulwark/dast, with: { url: \"https://staging.example.com\" } }]\n",
        "bulwark/dast in job 'a' needs 'network: egress' on its job: without it the gate has no network and cannot reach the service", 4, 13)]
    [InlineData(Egress + "    steps: [{ uses: bulwark/dast, with: { url: \"https://s.example\", auth-header: \"Authorization: Bearer ${{ secrets.OTHER }}\" } }]\n",
        "bulwark/dast: 'auth-header' uses the secret OTHER, which job 'a' does not list under 'secrets:'", 6, 13)]
    [InlineData(Egress + "    steps: [{ uses: bulwark/dast, with: { url: \"https://s.example\", auth-header: \"X-Api-Key: ${{ env.KEY }}\" } }]\n",
        "bulwark/dast: 'auth-header' must take its credential from a secret of the job, written as one ${{ secrets.NAME }} reference (e.g. 'Authorization: Bearer ${{ secrets.STAGING_TOKEN }}')", 6, 13)]
    public void Dast_steps_that_could_only_fail_at_run_time_are_validation_errors(string job, string message, int line, int column)
    {
        var result = PipelineParser.Parse(PipelineSamples.WithJob(job));

        result.Definition.ShouldBeNull();
        result.Errors.ShouldHaveSingleItem().ShouldBe(new PipelineError(message, line, column));
    }

    [Fact]
    public void A_literal_auth_header_is_refused_without_repeating_it()
    {
        const string token = "q7Xv2LmN9pR4sT8wY1zB3cD5fG6hJ0kA";
        var result = PipelineParser.Parse(PipelineSamples.WithJob(Egress + $"    steps: [{{ uses: bulwark/dast, with: {{ url: \"https://s.example\", auth-header: \"X-Api-Key: {token}\" }} }}]\n"));

        result.Definition.ShouldBeNull();
        result.Errors.ShouldContain(e => e.Message.StartsWith("bulwark/dast: 'auth-header' must take its credential from a secret of the job", StringComparison.Ordinal));
        result.Errors.ShouldAllBe(e => !e.Message.Contains(token));
    }
}
