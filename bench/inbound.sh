#!/usr/bin/env bash
# The inbound benchmark in one command: installs what is missing (wrk from Debian's packages, the botbuilder peer from
# bench/botbuilder/package-lock.json), builds OkrBot and the ceiling in Release, and runs them side by side.
#   bench/inbound.sh                    OkrBot, the botbuilder peer and the bare ASP.NET Core ceiling; 32 and 128
#                                       connections, 3 runs of 15 s each after a 30 s warm-up (~7 min)
#   bench/inbound.sh --targets okrbot --runs 1 --duration 5     a quick look at OkrBot alone
#   bench/inbound.sh --help             all options
# Exit code: 0 goals met, 1 a goal missed (reason printed), 2 bad arguments, 3 the benchmark itself failed.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"

# Everything but the result goes to stderr, so `--json` leaves stdout machine-readable.
if ! command -v wrk >/dev/null; then
  echo "Installing wrk (Debian package)..." >&2
  sudo_="" ; [ "$(id -u)" -eq 0 ] || sudo_="sudo"
  $sudo_ apt-get install -y wrk >&2 || { $sudo_ apt-get update >&2 && $sudo_ apt-get install -y wrk >&2; }
fi
command -v taskset >/dev/null || { echo "taskset (util-linux) is missing" >&2; exit 3; }
command -v node >/dev/null || { echo "Node.js (18 or later) is needed for the botbuilder peer" >&2; exit 3; }

# The peer: exactly the versions in the lock file; reinstalled when the lock file changed since the last install.
if [ ! -f "$here/botbuilder/node_modules/.package-lock.json" ] \
   || [ "$here/botbuilder/package-lock.json" -nt "$here/botbuilder/node_modules/.package-lock.json" ]; then
  (cd "$here/botbuilder" && npm ci --no-audit --no-fund >&2)
fi

for project in "$repo/bot/OkrBot.Bot.csproj" "$here/Ceiling/OkrBot.Bench.Ceiling.csproj" "$here/Inbound/OkrBot.Bench.Inbound.csproj"; do
  dotnet build "$project" -c Release --nologo -v quiet >&2
done
exec dotnet "$here/Inbound/bin/Release/net10.0/OkrBot.Bench.Inbound.dll" "$@"
