#!/usr/bin/env bash
# Rebuilds the initial migration of both providers from the current model. Bulwark has not been released,
# so the schema is one "Initial" migration per provider; after the first release, add migrations instead.
# Needs the dotnet-ef tool: dotnet tool install dotnet-ef --version 10.0.15 --tool-path /tmp/tools
set -euo pipefail
cd "$(dirname "$0")/.."
EF="${EF:-$(command -v dotnet-ef || echo /tmp/tools/dotnet-ef)}"
rm -rf src/Bulwark.Server/Storage/Migrations src/Bulwark.Server/Bulwark
for provider in Sqlite Postgres; do
  "$EF" migrations add Initial --project src/Bulwark.Server --context "${provider}BulwarkDbContext" \
    --output-dir "Storage/Migrations/$provider" --namespace "Bulwark.Server.Storage.Migrations.$provider" -- >/dev/null
  # With --namespace, dotnet-ef 10 writes the model snapshot into a folder named after the namespace.
  if [[ -d src/Bulwark.Server/Bulwark ]]; then
    mv src/Bulwark.Server/Bulwark/Server/Storage/Migrations/$provider/*.cs "src/Bulwark.Server/Storage/Migrations/$provider/"
    rm -rf src/Bulwark.Server/Bulwark
  fi
done
echo "migrations regenerated under src/Bulwark.Server/Storage/Migrations"
