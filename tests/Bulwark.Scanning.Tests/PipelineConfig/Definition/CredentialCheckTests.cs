using Bulwark.Scanning.PipelineConfig.Definition;

namespace Bulwark.Scanning.Tests.PipelineConfig.Definition;

public sealed class CredentialCheckTests
{
    // Built at run time so this file does not itself trip secret scanners.
    private static readonly string AwsKey = "AKIA" + "J3JWK2UTG5DY2QIM";
    private static readonly string GitHubToken = "ghp_" + "Xq7Lm2Rt9Vb4Nc8Kd1Pz6Wy3Hs5Fj0Ga2Ue";

    [Fact]
    public void A_hard_coded_aws_key_in_env_is_refused_at_the_value_without_echoing_it()
    {
        var yaml = PipelineSamples.WithJob($"    env:\n      AWS_ACCESS_KEY_ID: {AwsKey}\n    steps: [{{ run: a }}]\n");

        var error = PipelineParser.Parse(yaml).Errors.ShouldHaveSingleItem();

        error.Line.ShouldBe(5);
        error.Column.ShouldBe(26);
        error.Message.ShouldNotContain(AwsKey);
        error.Message.ShouldNotContain(AwsKey[4..]);
        error.Message.ShouldContain("AKIA…(20 chars)");
        error.Message.ShouldContain("bulwark secrets set AWS_ACCESS_KEY_ID --project P");
        error.Message.ShouldContain("under 'secrets:'");
    }

    [Fact]
    public void A_github_token_inside_a_quoted_with_value_is_refused_at_the_token()
    {
        var yaml = PipelineSamples.WithJob($"    steps:\n      - uses: bulwark/verify-signature\n        with: {{ key: \"Bearer {GitHubToken}\" }}\n");

        var error = PipelineParser.Parse(yaml).Errors.ShouldHaveSingleItem();

        error.Line.ShouldBe(6);
        error.Column.ShouldBe(30);
        error.Message.ShouldNotContain(GitHubToken[4..]);
        error.Message.ShouldStartWith("step with.key holds a hard-coded credential");
    }

    [Theory]
    [InlineData("AWS_ACCESS_KEY_ID: ${{ secrets.AWS_ACCESS_KEY_ID }}")]
    [InlineData("API_TOKEN: \"<your-token-here>\"")]
    [InlineData("DB_PASSWORD: changeme")]
    [InlineData("PASSWORD: ${DB_PASSWORD}")]
    [InlineData("AWS_ACCESS_KEY_ID: AKIAIOSFODNN7EXAMPLE")]
    [InlineData("TOKEN_FILE: /run/secrets/token")]
    [InlineData("PYTHONUNBUFFERED: \"1\"")]
    public void Placeholders_references_and_ordinary_values_pass(string entry)
    {
        var yaml = PipelineSamples.WithJob($"    env:\n      {entry}\n    steps: [{{ run: a }}]\n");

        PipelineParser.Parse(yaml).Errors.ShouldBeEmpty();
    }
}
