#!/usr/bin/env bash
# The fan-out benchmark in one command: builds it (Release) and runs it, passing every argument through.
#   bench/fanout.sh                     5,000 prompts at the Teams limit of 50/s, one dispatcher node (~2 min)
#   bench/fanout.sh --nodes 2 --json    two nodes, machine-readable result on stdout
#   bench/fanout.sh --help              all options
# Exit code: 0 goals met, 1 a goal missed (reason printed), 2 bad arguments, 3 the benchmark itself failed.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# Build output goes to stderr, so `--json` leaves stdout machine-readable.
dotnet build "$here/FanOut/OkrBot.Bench.FanOut.csproj" -c Release --nologo -v quiet >&2
exec dotnet "$here/FanOut/bin/Release/net10.0/OkrBot.Bench.FanOut.dll" "$@"
