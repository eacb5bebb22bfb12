#!/usr/bin/env bash
# Talk to OkrBot locally in the Microsoft 365 Agents Playground, a Teams-like client in your browser.
# Starts the bot (embedded SQLite store, demo organisation, no app id) and the Playground, then open
# http://127.0.0.1:56150 . Ctrl+C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
bot_port=${BOT_PORT:-3978}
playground_port=${PLAYGROUND_PORT:-56150}

command -v node >/dev/null || { echo "playground: Node.js 18+ is needed (Debian: apt-get install -y nodejs npm)" >&2; exit 1; }

echo "playground: starting the bot on http://127.0.0.1:$bot_port (demo organisation)"
dotnet run --project bot -- --demo --urls "http://127.0.0.1:$bot_port" &
bot=$!
trap 'kill $bot 2>/dev/null || true' EXIT INT TERM

for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$bot_port/healthz" >/dev/null 2>&1 && break
  kill -0 $bot 2>/dev/null || { echo "playground: the bot did not start" >&2; exit 1; }
  sleep 1
done

echo "playground: open http://127.0.0.1:$playground_port in your browser"
TEAMSAPPTESTER_BROWSER=none npx --yes @microsoft/m365agentsplayground@0.2.28 \
  -e "http://127.0.0.1:$bot_port/api/messages" -c msteams -p "$playground_port" --disable-telemetry
