#!/usr/bin/env bash
# The fan-out benchmark in one command: builds it (Release) and runs it, passing every argument through.
#   bench/fanout.sh                     5,000 prompts at the Teams limit of 50/s, one dispatcher node (~2 min)
#   bench/fanout.sh --nodes 2 --json    two nodes, machine-readable result on stdout
#   bench/fanout.sh --vs-botbuilder     unthrottled, 10,000 cards, then the same from botbuilder and a bare HttpClient loop
#   bench/fanout.sh --help              all options
# Exit code: 0 goals met, 1 a goal missed (reason printed), 2 bad arguments, 3 the benchmark itself failed.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# --vs-botbuilder needs the peer: exactly the versions in bench/botbuilder/package-lock.json (reinstalled when it changed).
if [[ " $* " == *" --vs-botbuilder "* ]]; then
  command -v node >/dev/null || { echo "Node.js (18 or later) is needed for --vs-botbuilder" >&2; exit 3; }
  if [ ! -f "$here/botbuilder/node_modules/.package-lock.json" ] \
     || [ "$here/botbuilder/package-lock.json" -nt "$here/botbuilder/node_modules/.package-lock.json" ]; then
    (cd "$here/botbuilder" && npm ci --no-audit --no-fund >&2)
  fi
fi
# Build output goes to stderr, so `--json` leaves stdout machine-readable.
dotnet build "$here/FanOut/OkrBot.Bench.FanOut.csproj" -c Release --nologo -v quiet >&2
exec dotnet "$here/FanOut/bin/Release/net10.0/OkrBot.Bench.FanOut.dll" "$@"
