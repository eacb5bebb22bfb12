#!/usr/bin/env bash
# Every manager's digest of a generated organisation (10,000 / 30,000 / 100,000 people by default), built by the
# product's digest content a page of managers at a time: time, queries, peak memory, linearity.
#   bench/digests.sh                         all three sizes (the first run generates them: a few minutes, kept after)
#   bench/digests.sh --people 100000 --explain   one size, with how PostgreSQL runs each query of a page
#   bench/digests.sh --help                    all options
# Exit code: 0 goals met, 1 a goal missed (reason printed), 2 bad arguments, 3 the benchmark itself failed.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# Build output goes to stderr, so `--json` leaves stdout machine-readable.
dotnet build "$here/Scale/OkrBot.Bench.Scale.csproj" -c Release --nologo -v quiet >&2
exec dotnet "$here/Scale/bin/Release/net10.0/OkrBot.Bench.Scale.dll" digests "$@"
