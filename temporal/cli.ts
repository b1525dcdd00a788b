import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The Temporal CLI (dev server + Web UI) is not on npm; Duradesk builds v1.5.1 with `go install` into
 * a cache outside the repository (the newest tag `go install` accepts; later ones carry a `replace`).
 */
export const TEMPORAL_CLI_VERSION = '1.5.1';
const MODULE = `github.com/temporalio/cli/cmd/temporal@v${TEMPORAL_CLI_VERSION}`;

export function cliCacheDir(): string {
  const cacheHome = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(cacheHome, 'duradesk', `temporal-v${TEMPORAL_CLI_VERSION}`);
}

function isWantedVersion(binary: string): boolean {
  try {
    const version = execFileSync(binary, ['--version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    // A v1.5.1 build reports its server as 1.29.1, whatever version string it was stamped with.
    return version.includes(TEMPORAL_CLI_VERSION) || version.includes('Server 1.29.1');
  } catch {
    return false;
  }
}

function onPath(): string | null {
  const found = spawnSync('sh', ['-c', 'command -v temporal'], { encoding: 'utf8' });
  const binary = found.stdout.trim();
  return found.status === 0 && binary ? binary : null;
}

/** TEMPORAL_CLI_PATH as is, else a v1.5.1 `temporal` on PATH, else the cached build; null if none. */
export function findTemporalCli(): string | null {
  if (process.env.TEMPORAL_CLI_PATH) return process.env.TEMPORAL_CLI_PATH;
  const fromPath = onPath();
  if (fromPath && isWantedVersion(fromPath)) return fromPath;
  const cached = path.join(cliCacheDir(), 'temporal');
  return existsSync(cached) ? cached : null;
}

export const missingCliHelp = `The Temporal CLI v${TEMPORAL_CLI_VERSION} was not found. Either
  - install Go (1.25 or newer) and run \`npm run install-temporal\` (builds it into ${cliCacheDir()}),
  - or set TEMPORAL_CLI_PATH to a \`temporal\` binary,
  - or set TEMPORAL_ADDRESS to an existing Temporal server (host:port).`;

/** Builds the CLI into the cache when it is missing; returns its path, or null when Go is unavailable. */
export function installTemporalCli(log: (line: string) => void = console.log): string | null {
  const existing = findTemporalCli();
  if (existing) return existing;
  const go = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (go.status !== 0) return null;
  log(
    `Building the Temporal CLI v${TEMPORAL_CLI_VERSION} with Go into ${cliCacheDir()} (first time only; takes minutes)…`,
  );
  const build = spawnSync('go', ['install', MODULE], {
    stdio: 'inherit',
    env: { ...process.env, CGO_ENABLED: '0', GOBIN: cliCacheDir() },
  });
  if (build.status !== 0) throw new Error(`go install ${MODULE} failed with exit code ${build.status}`);
  return path.join(cliCacheDir(), 'temporal');
}
