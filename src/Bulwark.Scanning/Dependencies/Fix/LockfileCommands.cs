namespace Bulwark.Scanning.Dependencies.Fix;

/// <summary>The command that moves one package of a lockfile to a version, per lockfile tool.</summary>
internal static class LockfileCommands
{
    public static string Upgrade(string lockfile, string name, string version) => Path.GetFileName(lockfile) switch
    {
        "poetry.lock" => $"poetry update {name}",
        "uv.lock" => $"uv lock --upgrade-package {name}",
        "pdm.lock" => $"pdm update {name}",
        "Pipfile.lock" => $"pipenv update {name}",
        "package-lock.json" or "npm-shrinkwrap.json" => $"npm install {name}@{version}",
        "yarn.lock" => $"yarn up {name}@{version} (classic: yarn upgrade {name}@{version})",
        "pnpm-lock.yaml" => $"pnpm update {name}@{version}",
        "Cargo.lock" => $"cargo update -p {name} --precise {version}",
        "go.mod" or "go.sum" => $"go get {name}@v{version.TrimStart('v')}",
        "packages.lock.json" => $"dotnet add package {name} --version {version}",
        "pom.xml" => $"set <version>{version}</version> for {name}",
        var other when other.EndsWith("proj", StringComparison.Ordinal) || other == "Directory.Packages.props" => $"dotnet add package {name} --version {version}",
        _ => $"upgrade {name} to {version}",
    };
}
