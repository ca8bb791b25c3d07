#!/usr/bin/env bash
# Builds Bulwark and installs the `bulwark` command into ./artifacts/bin (also packs the .NET tool into
# ./artifacts/packages). Needs only the .NET 10 SDK.
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# ReadyToRun for this machine's runtime: a scan lives seconds, so start-up JIT time matters.
dotnet publish src/Bulwark.Cli/Bulwark.Cli.csproj -c Release --use-current-runtime --self-contained false \
  -p:PublishReadyToRun=true -o artifacts/publish --nologo -v quiet
dotnet pack src/Bulwark.Cli/Bulwark.Cli.csproj -c Release -o artifacts/packages --nologo -v quiet
mkdir -p artifacts/bin
ln -sf ../publish/bulwark artifacts/bin/bulwark
echo "bulwark $(artifacts/bin/bulwark --version) is at $(pwd)/artifacts/bin/bulwark"
echo "add it to PATH with: export PATH=\"$(pwd)/artifacts/bin:\$PATH\""
