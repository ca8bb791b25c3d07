using System.Text;
using System.Text.Json.Nodes;
using Bulwark.Server.Webhooks;

namespace Bulwark.Server.Tests.Webhooks;

public sealed class WebhookPayloadParserTests
{
    private static RepositoryEvent Parse(string fixture) => Parse(fixture, WebhookFixtures.Bytes(fixture));

    private static RepositoryEvent Parse(string fixture, byte[] body)
    {
        var (provider, eventName) = WebhookFixtures.EventOf(fixture);
        return WebhookPayloadParser.Parse(provider, eventName, body);
    }

    private static WebhookPayloadException Rejected(string fixture, Action<JsonObject> edit) =>
        Should.Throw<WebhookPayloadException>(() => Parse(fixture, WebhookFixtures.Edited(fixture, edit)));

    [Fact]
    public void GitHub_branch_push_builds_the_after_commit()
    {
        Parse("github-push.json").ShouldBe(new RepositoryEvent
        {
            Kind = RepositoryEventKind.Push,
            Ref = "refs/heads/main",
            Branch = "main",
            Commit = "4f1c3a9e2b7d6e5f8a0b1c2d3e4f5a6b7c8d9e0f",
            Sender = "dana-k",
        });
    }

    [Fact]
    public void Commit_ids_are_lower_cased()
    {
        var body = WebhookFixtures.Edited("github-push.json", root => root["after"] = "4F1C3A9E2B7D6E5F8A0B1C2D3E4F5A6B7C8D9E0F");

        Parse("github-push.json", body).Commit.ShouldBe("4f1c3a9e2b7d6e5f8a0b1c2d3e4f5a6b7c8d9e0f");
    }

    [Fact]
    public void GitHub_annotated_tag_push_builds_the_tagged_commit_not_the_tag_object()
    {
        var parsed = Parse("github-push-annotated-tag.json");

        parsed.Kind.ShouldBe(RepositoryEventKind.Tag);
        parsed.Ref.ShouldBe("refs/tags/v1.4.0");
        parsed.Tag.ShouldBe("v1.4.0");
        parsed.Branch.ShouldBeNull();
        parsed.Commit.ShouldBe("4f1c3a9e2b7d6e5f8a0b1c2d3e4f5a6b7c8d9e0f");
    }

    [Fact]
    public void GitHub_tag_push_without_head_commit_falls_back_to_after()
    {
        var body = WebhookFixtures.Edited("github-push-annotated-tag.json", root => root["head_commit"] = null);

        Parse("github-push-annotated-tag.json", body).Commit.ShouldBe("e7d1f0c2b3a4958677a1b2c3d4e5f60718293a4b");
    }

    [Fact]
    public void Deleted_branches_are_ignored()
    {
        var deleted = Parse("github-push-deleted-branch.json");
        deleted.Kind.ShouldBe(RepositoryEventKind.Ignored);
        deleted.IgnoredReason.ShouldBe("the push deleted the ref");

        // The all-zero "after" alone is enough, and so is "deleted" alone.
        Parse("github-push-deleted-branch.json", WebhookFixtures.Edited("github-push-deleted-branch.json", root => root["deleted"] = false))
            .Kind.ShouldBe(RepositoryEventKind.Ignored);
        Parse("github-push.json", WebhookFixtures.Edited("github-push.json", root => root["deleted"] = true))
            .Kind.ShouldBe(RepositoryEventKind.Ignored);
    }

    [Fact]
    public void Pushes_to_refs_that_are_neither_branches_nor_tags_are_ignored()
    {
        var parsed = Parse("github-push.json", WebhookFixtures.Edited("github-push.json", root => root["ref"] = "refs/notes/commits"));

        parsed.Kind.ShouldBe(RepositoryEventKind.Ignored);
        parsed.IgnoredReason!.ShouldContain("neither a branch nor a tag");
    }

    [Fact]
    public void GitHub_pull_request_from_the_same_repository_is_not_a_fork()
    {
        Parse("github-pull-request-opened.json").ShouldBe(new RepositoryEvent
        {
            Kind = RepositoryEventKind.PullRequest,
            Ref = "refs/pull/42/head",
            Branch = "feature/calibration",
            BaseBranch = "main",
            Commit = "8a9b0c1d2e3f405162738495a6b7c8d9e0f1a2b3",
            PullRequest = 42,
            FromFork = false,
            Sender = "dana-k",
        });
    }

    [Fact]
    public void GitHub_pull_request_from_another_repository_is_a_fork()
    {
        var parsed = Parse("github-pull-request-fork-synchronize.json");

        parsed.Kind.ShouldBe(RepositoryEventKind.PullRequest);
        parsed.FromFork.ShouldBeTrue();
        parsed.Commit.ShouldBe("c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00");
        parsed.Branch.ShouldBe("main");
        parsed.Ref.ShouldBe("refs/pull/57/head");
    }

    [Fact]
    public void Pull_request_whose_head_repository_was_deleted_is_a_fork()
    {
        var body = WebhookFixtures.Edited("github-pull-request-opened.json", root => root["pull_request"]!["head"]!["repo"] = null);

        Parse("github-pull-request-opened.json", body).FromFork.ShouldBeTrue();
    }

    [Fact]
    public void Pull_request_with_the_same_name_but_another_repository_id_is_a_fork()
    {
        var body = WebhookFixtures.Edited("github-pull-request-opened.json", root => root["pull_request"]!["head"]!["repo"]!["id"] = 1);

        Parse("github-pull-request-opened.json", body).FromFork.ShouldBeTrue();
    }

    [Theory]
    [InlineData("opened", "PullRequest")]
    [InlineData("reopened", "PullRequest")]
    [InlineData("synchronize", "PullRequest")]
    [InlineData("closed", "Ignored")]
    [InlineData("edited", "Ignored")]
    [InlineData("labeled", "Ignored")]
    [InlineData("review_requested", "Ignored")]
    public void Only_pull_request_actions_that_bring_new_code_run(string action, string kindName)
    {
        var kind = Enum.Parse<RepositoryEventKind>(kindName);
        var parsed = Parse("github-pull-request-opened.json", WebhookFixtures.Edited("github-pull-request-opened.json", root => root["action"] = action));

        parsed.Kind.ShouldBe(kind);
        if (kind == RepositoryEventKind.Ignored)
        {
            parsed.IgnoredReason!.ShouldContain($"'{action}'");
        }
    }

    [Fact]
    public void Ping_and_other_events_are_ignored_with_a_reason()
    {
        var ping = Parse("github-ping.json");
        ping.Kind.ShouldBe(RepositoryEventKind.Ignored);
        ping.IgnoredReason!.ShouldContain("ping");

        var issues = WebhookPayloadParser.Parse(WebhookProvider.GitHub, "issues", Encoding.UTF8.GetBytes("{}"));
        issues.Kind.ShouldBe(RepositoryEventKind.Ignored);
        issues.IgnoredReason!.ShouldContain("'issues'");

        WebhookPayloadParser.Parse(WebhookProvider.GitLab, "Pipeline Hook", "{}"u8.ToArray()).Kind.ShouldBe(RepositoryEventKind.Ignored);
        WebhookPayloadParser.Parse(WebhookProvider.Gitea, "create", "{}"u8.ToArray()).IgnoredReason!.ShouldContain("Gitea also sends a push");
        // Events are case-sensitive: GitLab's push is "Push Hook", not "push".
        WebhookPayloadParser.Parse(WebhookProvider.GitLab, "push", "{}"u8.ToArray()).Kind.ShouldBe(RepositoryEventKind.Ignored);
    }

    [Fact]
    public void Ignored_reasons_do_not_echo_unprintable_event_names()
    {
        var parsed = WebhookPayloadParser.Parse(WebhookProvider.GitHub, "evil\r\nX-Injected: 1", "{}"u8.ToArray());

        parsed.IgnoredReason!.ShouldNotContain("evil");
        parsed.IgnoredReason!.ShouldNotContain("\n");
    }

    [Fact]
    public void GitLab_push_builds_checkout_sha()
    {
        Parse("gitlab-push.json").ShouldBe(new RepositoryEvent
        {
            Kind = RepositoryEventKind.Push,
            Ref = "refs/heads/main",
            Branch = "main",
            Commit = "da1560886d4f094c3e6c9ef40349f7d38b5d27d7",
            Sender = "jsmith",
        });
    }

    [Fact]
    public void GitLab_tag_push_builds_the_checkout_sha_not_the_tag_object()
    {
        var parsed = Parse("gitlab-tag-push.json");

        parsed.Kind.ShouldBe(RepositoryEventKind.Tag);
        parsed.Tag.ShouldBe("v1.0.0");
        parsed.Commit.ShouldBe("5937ac0a7beb003549fc5fd26fc247adbce4a52e");
    }

    [Fact]
    public void GitLab_deleted_branch_is_ignored()
    {
        var body = WebhookFixtures.Edited("gitlab-push.json", root =>
        {
            root["after"] = "0000000000000000000000000000000000000000";
            root["checkout_sha"] = null;
        });

        Parse("gitlab-push.json", body).Kind.ShouldBe(RepositoryEventKind.Ignored);
    }

    [Fact]
    public void GitLab_body_must_match_the_event_header()
    {
        // The GitLab token does not sign the body, so a Tag Push body under a Push Hook header is refused, not guessed.
        Should.Throw<WebhookPayloadException>(() => WebhookPayloadParser.Parse(WebhookProvider.GitLab, "Push Hook", WebhookFixtures.Bytes("gitlab-tag-push.json")))
            .Message.ShouldContain("object_kind");
        Should.Throw<WebhookPayloadException>(() => WebhookPayloadParser.Parse(WebhookProvider.GitLab, "Tag Push Hook", WebhookFixtures.Bytes("gitlab-push.json")));
    }

    [Fact]
    public void GitLab_push_hook_for_a_tag_ref_is_refused()
    {
        Rejected("gitlab-push.json", root => root["ref"] = "refs/tags/v2").Message.ShouldContain("refs/heads/");
    }

    [Fact]
    public void GitLab_merge_request_from_another_project_is_a_fork()
    {
        Parse("gitlab-merge-request-fork.json").ShouldBe(new RepositoryEvent
        {
            Kind = RepositoryEventKind.PullRequest,
            Ref = "refs/merge-requests/1/head",
            Branch = "ms-viewport",
            BaseBranch = "master",
            Commit = "da1560886d4f094c3e6c9ef40349f7d38b5d27d7",
            PullRequest = 1,
            FromFork = true,
            Sender = "root",
        });
    }

    [Fact]
    public void GitLab_merge_request_within_one_project_is_not_a_fork()
    {
        var body = WebhookFixtures.Edited("gitlab-merge-request-fork.json", root => root["object_attributes"]!["source_project_id"] = 1);

        Parse("gitlab-merge-request-fork.json", body).FromFork.ShouldBeFalse();
    }

    [Fact]
    public void GitLab_merge_request_without_source_project_is_a_fork()
    {
        var body = WebhookFixtures.Edited("gitlab-merge-request-fork.json", root => root["object_attributes"]!["source_project_id"] = null);

        Parse("gitlab-merge-request-fork.json", body).FromFork.ShouldBeTrue();
    }

    [Theory]
    [InlineData("open", null, "PullRequest")]
    [InlineData("reopen", null, "PullRequest")]
    [InlineData("update", "95790bf891e76fee5e1747ab589903a6a1f80f22", "PullRequest")]
    [InlineData("update", null, "Ignored")]
    [InlineData("close", null, "Ignored")]
    [InlineData("merge", null, "Ignored")]
    [InlineData("approved", null, "Ignored")]
    [InlineData(null, null, "Ignored")]
    public void GitLab_merge_request_runs_when_opened_reopened_or_given_new_commits(string? action, string? oldrev, string kindName)
    {
        var kind = Enum.Parse<RepositoryEventKind>(kindName);
        var body = WebhookFixtures.Edited("gitlab-merge-request-fork.json", root =>
        {
            root["object_attributes"]!["action"] = action;
            if (oldrev is not null)
            {
                root["object_attributes"]!["oldrev"] = oldrev;
            }
        });

        Parse("gitlab-merge-request-fork.json", body).Kind.ShouldBe(kind);
    }

    [Fact]
    public void Gitea_push_is_read_like_GitHub()
    {
        var parsed = Parse("gitea-push.json");

        parsed.Kind.ShouldBe(RepositoryEventKind.Push);
        parsed.Branch.ShouldBe("develop");
        parsed.Commit.ShouldBe("bffeb74224043ba2feb48d137756c8a9331c449a");
        parsed.Sender.ShouldBe("gitea");
    }

    [Fact]
    public void Gitea_synchronized_pull_request_runs()
    {
        var parsed = Parse("gitea-pull-request-synchronized.json");

        parsed.Kind.ShouldBe(RepositoryEventKind.PullRequest);
        parsed.PullRequest.ShouldBe(7);
        parsed.Ref.ShouldBe("refs/pull/7/head");
        parsed.Commit.ShouldBe("3d5e7f9a1b2c4d6e8f0a2b4c6d8e0f1a3b5c7d9e");
        parsed.FromFork.ShouldBeFalse();
    }

    [Theory]
    [InlineData("4f1c3a9e")]
    [InlineData("4f1c3a9e2b7d6e5f8a0b1c2d3e4f5a6b7c8d9e0")]
    [InlineData("4f1c3a9e2b7d6e5f8a0b1c2d3e4f5a6b7c8d9e0f0")]
    [InlineData("4f1c3a9e2b7d6e5f8a0b1c2d3e4f5a6b7c8d9e0g")]
    [InlineData("--upload-pack=touch${IFS}/tmp/pwned1234")]
    public void Commit_ids_that_are_not_40_hex_characters_are_rejected(string after)
    {
        Rejected("github-push.json", root => root["after"] = after).Message.ShouldBe("after must be a 40-character hex commit id");
    }

    [Theory]
    [InlineData("refs/heads/../../etc")]
    [InlineData("refs/heads/a\u0000b")]
    [InlineData("refs/heads/line\nbreak")]
    [InlineData("refs/heads/has space")]
    [InlineData("refs/heads/\u202Egnp.exe")]
    [InlineData("refs/heads/x.lock")]
    [InlineData("refs/heads/trailing/")]
    [InlineData("refs/heads/a//b")]
    [InlineData("refs/heads/.hidden")]
    [InlineData("refs/heads/a@{1}")]
    [InlineData("refs/heads/star*")]
    [InlineData("heads/main")]
    [InlineData("-main")]
    public void Insane_ref_names_are_rejected(string reference)
    {
        Rejected("github-push.json", root => root["ref"] = reference).Message.ShouldStartWith("ref is not a valid git ref name");
    }

    [Fact]
    public void Ref_names_are_limited_to_255_characters()
    {
        var longest = "refs/heads/" + new string('b', 255 - "refs/heads/".Length);

        Parse("github-push.json", WebhookFixtures.Edited("github-push.json", root => root["ref"] = longest)).Branch!.Length.ShouldBe(244);
        Rejected("github-push.json", root => root["ref"] = longest + "b");
    }

    [Fact]
    public void Non_ascii_branch_names_are_accepted()
    {
        Parse("github-push.json", WebhookFixtures.Edited("github-push.json", root => root["ref"] = "refs/heads/caf\u00e9/\u5b9f\u9a13")).Branch.ShouldBe("caf\u00e9/\u5b9f\u9a13");
    }

    [Fact]
    public void Pull_request_branch_names_are_validated()
    {
        Rejected("github-pull-request-opened.json", root => root["pull_request"]!["head"]!["ref"] = "../main")
            .Message.ShouldBe("pull_request.head.ref is not a valid git branch name");
        Rejected("gitlab-merge-request-fork.json", root => root["object_attributes"]!["target_branch"] = "a\tb")
            .Message.ShouldBe("object_attributes.target_branch is not a valid git branch name");
    }

    [Fact]
    public void Missing_and_mistyped_fields_name_their_path()
    {
        Rejected("github-push.json", root => root.Remove("ref")).Message.ShouldBe("ref is missing");
        Rejected("github-push.json", root => root["after"] = 42).Message.ShouldBe("after must be a string");
        Rejected("github-pull-request-opened.json", root => root["pull_request"]!.AsObject().Remove("head")).Message.ShouldBe("pull_request.head is missing");
        Rejected("github-pull-request-opened.json", root => root["number"] = -3).Message.ShouldBe("number must be a positive number");
        Rejected("github-pull-request-opened.json", root => root["number"] = 1e30).Message.ShouldBe("number must be an integer");
        Rejected("gitlab-merge-request-fork.json", root => root["object_attributes"] = "open").Message.ShouldBe("object_attributes must be an object");
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("\"push\"")]
    [InlineData("{\"ref\": ")]
    [InlineData("{\"ref\": \"refs/heads/main\", \"ref\": \"refs/heads/other\"}")]
    [InlineData("{\"ref\": \"refs/heads/main\",}")]
    [InlineData("{/* comment */}")]
    public void Malformed_json_is_rejected(string body)
    {
        Should.Throw<WebhookPayloadException>(() => WebhookPayloadParser.Parse(WebhookProvider.GitHub, "push", Encoding.UTF8.GetBytes(body)));
    }

    [Fact]
    public void Nesting_beyond_the_depth_limit_is_rejected()
    {
        var deep = "{\"ref\":\"refs/heads/main\",\"x\":" + string.Concat(Enumerable.Repeat("[", 100)) + string.Concat(Enumerable.Repeat("]", 100)) + "}";

        Should.Throw<WebhookPayloadException>(() => WebhookPayloadParser.Parse(WebhookProvider.GitHub, "push", Encoding.UTF8.GetBytes(deep)))
            .Message.ShouldContain("not valid JSON");
    }

    [Fact]
    public void Escaped_lone_surrogates_are_rejected_not_crashed_on()
    {
        var body = Encoding.UTF8.GetBytes("{\"ref\":\"refs/heads/\\ud800\",\"after\":\"4f1c3a9e2b7d6e5f8a0b1c2d3e4f5a6b7c8d9e0f\"}");

        Should.Throw<WebhookPayloadException>(() => WebhookPayloadParser.Parse(WebhookProvider.GitHub, "push", body));
    }

    [Fact]
    public void Over_long_strings_are_rejected()
    {
        Rejected("github-push.json", root => root["sender"]!["login"] = new string('x', 5000)).Message.ShouldContain("sender.login");
    }
}
