"""Drives a running Bulwark server for bench/pipeline.sh: a local git repository, signed GitHub push webhooks and
manual runs, then reads the runs' job and step timestamps back from the API. Prints the report on stdout."""
import argparse, hashlib, hmac, json, os, statistics, subprocess, sys, time, urllib.request, uuid
from datetime import datetime

def main():
    p = argparse.ArgumentParser()
    p.add_argument("--base", required=True)
    p.add_argument("--token", required=True)
    p.add_argument("--work", required=True)
    p.add_argument("--runs", type=int, default=10)
    a = p.parse_args()
    api = Api(a.base, a.token)
    repo = Repo(os.path.join(a.work, "repo"))
    created = api.call("POST", "/api/v1/projects", {"name": "bench", "repositoryUrl": "file://" + repo.path})
    secret = created["webhookSecret"]
    lines = []

    # 1. Webhook to first step.
    repo.commit({".bulwark.yml": "on: { push: { branches: [main] }, manual: {} }\njobs:\n  build: { steps: [ { run: 'true' } ] }\n"})
    latencies = []
    for i in range(a.runs):
        sha = repo.commit({"counter.txt": str(i)})
        body = json.dumps({"ref": "refs/heads/main", "before": "0" * 40, "after": sha,
                           "repository": {"id": 1, "name": "bench", "full_name": "acme/bench"},
                           "sender": {"login": "bench"}, "head_commit": {"id": sha}}).encode()
        sent = time.time()
        answer = api.webhook(body, secret)
        run = api.wait(answer["runId"])
        first_step = parse(run["jobs"][0]["steps"][0]["startedAt"])
        latencies.append(first_step - sent)
    lines.append(f"webhook sent -> first step started   median {ms(statistics.median(latencies))}, max {ms(max(latencies))} over {a.runs} pushes"
                 f"   target < 1000 ms: {'PASS' if statistics.median(latencies) < 1 else 'MISS'}")

    # 2. 500 trivial jobs, 4 runner slots.
    jobs = "".join(f"  j{i}: {{ steps: [ {{ run: 'true' }} ] }}\n" for i in range(100))
    repo.commit({".bulwark.yml": "on: { manual: {} }\njobs:\n" + jobs})
    started = time.time()
    ids = [api.call("POST", "/api/v1/projects/bench/runs", {"ref": "main"})["id"] for _ in range(5)]
    runs = [api.wait(i, timeout=1800) for i in ids]
    drained = time.time() - started
    all_jobs = [j for r in runs for j in r["jobs"]]
    succeeded = sum(1 for j in all_jobs if j["status"] == "succeeded")
    twice = sum(1 for j in all_jobs if j["attempt"] != 1)
    lines.append(f"500 trivial jobs, 4 runner slots     {ms(drained)} total, {len(all_jobs) / drained:.1f} jobs/s; "
                 f"{succeeded} succeeded, {len(all_jobs) - succeeded} not, {twice} leased more than once"
                 f"   target none lost or run twice: {'PASS' if succeeded == 500 and twice == 0 and len(all_jobs) == 500 else 'MISS'}")

    # 3. Dispatch overhead along a chain.
    chain = "".join(f"  c{i}: {{ {'needs: [c%d], ' % (i - 1) if i else ''}steps: [ {{ run: 'true' }} ] }}\n" for i in range(21))
    repo.commit({".bulwark.yml": "on: { manual: {} }\njobs:\n" + chain})
    run = api.wait(api.call("POST", "/api/v1/projects/bench/runs", {"ref": "main"})["id"])
    by_name = {j["name"]: j for j in run["jobs"]}
    scheduling = [parse(by_name[f"c{i}"]["startedAt"]) - parse(by_name[f"c{i - 1}"]["finishedAt"]) for i in range(1, 21)]
    preparing = [parse(j["steps"][0]["startedAt"]) - parse(j["startedAt"]) for j in run["jobs"]]
    whole = [parse(j["finishedAt"]) - parse(j["startedAt"]) for j in run["jobs"]]
    lines.append(f"scheduling (job done -> next leased) median {ms(statistics.median(scheduling))}, p90 {ms(quantile(scheduling, 0.9))}"
                 f"   target < 50 ms: {'PASS' if statistics.median(scheduling) < 0.05 else 'MISS'}")
    lines.append(f"preparing (leased -> first step)     median {ms(statistics.median(preparing))} (secrets, workspace, git checkout, sandbox start)")
    lines.append(f"a trivial job, lease to finish       median {ms(statistics.median(whole))}")
    print("\n".join(lines))

class Api:
    def __init__(self, base, token):
        self.base, self.token = base, token

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method,
                                         headers={"Authorization": "Bearer " + self.token, "Content-Type": "application/json"})
        with urllib.request.urlopen(request) as response:
            return json.loads(response.read() or b"null")

    def webhook(self, body, secret):
        signature = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
        request = urllib.request.Request(self.base + "/api/v1/hooks/github/bench", data=body, method="POST", headers={
            "Content-Type": "application/json", "X-GitHub-Event": "push", "X-GitHub-Delivery": str(uuid.uuid4()),
            "X-Hub-Signature-256": signature})
        with urllib.request.urlopen(request) as response:
            return json.loads(response.read())

    def wait(self, run_id, timeout=120):
        deadline = time.time() + timeout
        while time.time() < deadline:
            run = self.call("GET", f"/api/v1/runs/{run_id}")
            if run["status"] in ("succeeded", "failed", "cancelled"):
                return run
            time.sleep(0.05)
        sys.exit(f"run {run_id} did not finish within {timeout} s")

class Repo:
    def __init__(self, path):
        self.path = path
        os.makedirs(path)
        self.git("init", "--quiet", "--initial-branch=main")
        self.git("config", "user.email", "bench@example.test")
        self.git("config", "user.name", "Bench")

    def git(self, *args):
        return subprocess.run(["git", *args], cwd=self.path, check=True, capture_output=True, text=True).stdout.strip()

    def commit(self, files):
        for name, text in files.items():
            with open(os.path.join(self.path, name), "w") as f:
                f.write(text)
        self.git("add", "--all")
        self.git("commit", "--quiet", "-m", "bench")
        return self.git("rev-parse", "HEAD")

def parse(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()

def ms(seconds):
    return f"{seconds * 1000:.0f} ms"

def quantile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

if __name__ == "__main__":
    main()
