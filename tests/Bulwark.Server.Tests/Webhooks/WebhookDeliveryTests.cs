using Bulwark.Server.Webhooks;

namespace Bulwark.Server.Tests.Webhooks;

public sealed class WebhookDeliveryTests
{
    private static Func<string, string?> Headers(params (string Name, string Value)[] headers) =>
        name => headers.Where(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault();

    [Fact]
    public void Reads_each_hosts_delivery_and_event_headers()
    {
        WebhookDelivery.Read(WebhookProvider.GitHub, Headers(("X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958"), ("X-GitHub-Event", "push")))
            .ShouldBe(new WebhookDelivery("72d3162e-cc78-11e3-81ab-4c9367dc0958", "push"));
        WebhookDelivery.Read(WebhookProvider.GitLab, Headers(("X-Gitlab-Event-UUID", "13792a34-cac6-4fda-95a8-c58e00a3954e"), ("X-Gitlab-Event", "Push Hook")))
            .ShouldBe(new WebhookDelivery("13792a34-cac6-4fda-95a8-c58e00a3954e", "Push Hook"));
        WebhookDelivery.Read(WebhookProvider.Gitea, Headers(("X-Gitea-Delivery", "f6266f16-1bf3-46a5-9ea4-602e06ead473"), ("X-Gitea-Event", "pull_request")))
            .ShouldBe(new WebhookDelivery("f6266f16-1bf3-46a5-9ea4-602e06ead473", "pull_request"));
    }

    [Fact]
    public void An_older_GitLab_without_an_event_uuid_has_no_delivery_id_the_hook_uuid_is_not_one()
    {
        WebhookDelivery.Read(WebhookProvider.GitLab, Headers(("X-Gitlab-Webhook-UUID", "hook-1"), ("X-Gitlab-Event", "Tag Push Hook"))).Id.ShouldBeNull();
        WebhookDelivery.Read(WebhookProvider.GitLab, Headers(("X-Gitlab-Webhook-UUID", "hook-1"), ("X-Gitlab-Event-UUID", "event-1"), ("X-Gitlab-Event", "Push Hook")))
            .Id.ShouldBe("event-1");
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("tab\there")]
    [InlineData("new\nline")]
    [InlineData("caf\u00e9")]
    [InlineData("\u202Eabc")]
    public void Delivery_ids_that_are_not_printable_ascii_are_rejected(string id)
    {
        var ex = Should.Throw<WebhookPayloadException>(() =>
            WebhookDelivery.Read(WebhookProvider.GitHub, Headers(("X-GitHub-Delivery", id), ("X-GitHub-Event", "push"))));
        ex.Message.ShouldContain("X-GitHub-Delivery");
    }

    [Fact]
    public void Delivery_ids_are_limited_to_128_characters()
    {
        WebhookDelivery.Read(WebhookProvider.GitHub, Headers(("X-GitHub-Delivery", new string('a', 128)), ("X-GitHub-Event", "push"))).Id!.Length.ShouldBe(128);
        Should.Throw<WebhookPayloadException>(() =>
            WebhookDelivery.Read(WebhookProvider.GitHub, Headers(("X-GitHub-Delivery", new string('a', 129)), ("X-GitHub-Event", "push"))));
    }

    [Fact]
    public void Missing_headers_are_rejected_with_the_header_name()
    {
        Should.Throw<WebhookPayloadException>(() => WebhookDelivery.Read(WebhookProvider.Gitea, Headers(("X-Gitea-Event", "push"))))
            .Message.ShouldContain("X-Gitea-Delivery");
        Should.Throw<WebhookPayloadException>(() => WebhookDelivery.Read(WebhookProvider.Gitea, Headers(("X-Gitea-Delivery", "d-1"))))
            .Message.ShouldContain("X-Gitea-Event");
    }

    [Theory]
    [InlineData("github", "GitHub")]
    [InlineData("gitlab", "GitLab")]
    [InlineData("gitea", "Gitea")]
    public void Provider_path_segments_round_trip(string segment, string providerName)
    {
        var provider = Enum.Parse<WebhookProvider>(providerName);
        WebhookProviders.TryParse(segment, out var parsed).ShouldBeTrue();
        parsed.ShouldBe(provider);
        provider.Segment().ShouldBe(segment);
    }

    [Theory]
    [InlineData("GitHub")]
    [InlineData("bitbucket")]
    [InlineData("")]
    [InlineData(null)]
    public void Unknown_provider_segments_are_refused(string? segment)
    {
        WebhookProviders.TryParse(segment, out _).ShouldBeFalse();
    }
}
