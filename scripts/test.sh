#!/usr/bin/env bash
# npm test: lint and format check, strict type check, then every test against real PostgreSQL and
# a real Temporal dev server (test/run.ts starts them).
set -euo pipefail
cd "$(dirname "$0")/.."
npx biome check .
npx tsc --noEmit
exec npx tsx test/run.ts "$@"
