#!/usr/bin/env bash
# Adds a migration named $1 for both stores (PostgreSQL and SQLite), so the two never drift apart.
# Why the -p:EfDesign=true build: see docs/migrations.md.
set -euo pipefail
name=${1:?usage: scripts/add-migration.sh MigrationName}
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
dotnet build core -p:EfDesign=true -v quiet -nologo
for provider in Postgres Sqlite; do
  echo "adding $name for $provider"
  dotnet ef migrations add "$name" --project core --startup-project core --no-build \
    --context "${provider}OkrDbContext" --output-dir "Persistence/Migrations/$provider"
done
# Put the normal (design-package-free) restore back for the next build.
dotnet build core -v quiet -nologo >/dev/null
