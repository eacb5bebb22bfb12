#!/usr/bin/env bash
# Planning the Friday check-in prompts of 100,000 people across 20 time zones with the product's rhythm planner, and
# the plan of its "who is due now" query (must use IX_People_TenantId_TimeZoneId_Id).
#   bench/planning.sh                        all-zones run, the twenty zone-by-zone runs, a quiet minute, the plans
#   bench/planning.sh --quick --plans        only the all-zones run, with every query's full plan
#   bench/planning.sh --help                    all options
# Exit code: 0 goals met, 1 a goal missed (reason printed), 2 bad arguments, 3 the benchmark itself failed.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# Build output goes to stderr, so `--json` leaves stdout machine-readable.
dotnet build "$here/Scale/OkrBot.Bench.Scale.csproj" -c Release --nologo -v quiet >&2
exec dotnet "$here/Scale/bin/Release/net10.0/OkrBot.Bench.Scale.dll" planning "$@"
