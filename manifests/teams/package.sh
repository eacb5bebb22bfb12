#!/usr/bin/env bash
# Builds the Teams app package to upload: manifest.json with the real ids and host, plus the two icons, zipped.
#
#   manifests/teams/package.sh APP_ID [HOST]
#
#   APP_ID  the bot's Microsoft App ID (its Entra app registration, the Azure Bot resource's "Microsoft App ID");
#           it becomes both the Teams app id and bots[0].botId
#   HOST    the public host name the bot is served on (e.g. okrbot.contoso.com), for the developer URLs and
#           validDomains; default: the placeholder okrbot.example.com
#
# Writes manifests/teams/build/okrbot.zip (or $OKRBOT_TEAMS_ZIP). The committed manifest.json keeps the placeholder
# GUID 00000000-0000-0000-0000-000000000000 so that it stays valid against the schema; only the copy changes.
set -euo pipefail

usage() { echo "usage: $0 APP_ID [HOST]   e.g. $0 1b2c3d4e-0000-4000-8000-123456789abc okrbot.contoso.com" >&2; exit 2; }

[[ $# -ge 1 && $# -le 2 ]] || usage
app_id=${1,,}
host=${2:-okrbot.example.com}
host=${host,,}
guid='^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$'
[[ $app_id =~ $guid ]] || { echo "APP_ID must be a GUID, got '$app_id'" >&2; usage; }
[[ $app_id != 00000000-0000-0000-0000-000000000000 ]] || { echo "APP_ID is still the placeholder GUID" >&2; usage; }
hostname='^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+$'
[[ $host =~ $hostname ]] || { echo "HOST must be a host name like okrbot.contoso.com (no scheme, port or path), got '$host'" >&2; usage; }

here=$(cd "$(dirname "$0")" && pwd)
out=${OKRBOT_TEAMS_ZIP:-$here/build/okrbot.zip}
command -v python3 >/dev/null || { echo "python3 is needed to write the manifest and the zip (Debian: apt-get install -y python3)" >&2; exit 1; }

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

python3 - "$here/manifest.json" "$stage/manifest.json" "$app_id" "$host" <<'PY'
import json, sys
source, target, app_id, host = sys.argv[1:]
text = open(source, encoding='utf-8').read()
text = text.replace('00000000-0000-0000-0000-000000000000', app_id).replace('okrbot.example.com', host)
manifest = json.loads(text)
assert manifest['id'] == app_id and all(b['botId'] == app_id for b in manifest.get('bots', [])), 'ids not replaced'
open(target, 'w', encoding='utf-8').write(text)
PY
cp "$here/color.png" "$here/outline.png" "$stage/"

mkdir -p "$(dirname "$out")"
rm -f "$out"
# Teams wants the three files at the root of the zip, no folder around them.
(cd "$stage" && python3 -m zipfile -c "$out" manifest.json color.png outline.png)
echo "wrote $out (app id $app_id, host $host)"
