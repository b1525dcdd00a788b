import { setTimeout as sleep } from 'node:timers/promises';
import type { Outage } from './checks';
import { type Part, until } from './parts/part';
import type { Random } from './random';

export interface KillPlan {
  /** The first kill comes no earlier than this after the load starts (timers must be armed by then). */
  firstAfterMs: number;
  /** Pause before each kill, after the previous part recovered: a seeded moment in this range. */
  gapMs: [number, number];
  /** How long a killed part stays dead before it is started again. */
  downMs: [number, number];
}

/**
 * Kills each part in turn (in a seeded order, each at a seeded moment) with SIGKILL, starts it again after
 * a short outage, and waits until the stack is whole and caught up again before the next kill. `log` hears each step.
 */
export async function killEachInTurn(
  parts: readonly Part[],
  plan: KillPlan,
  random: Random,
  settled: () => Promise<boolean>,
  log: (line: string) => void,
): Promise<Outage[]> {
  const outages: Outage[] = [];
  await sleep(plan.firstAfterMs);
  for (const part of random.shuffle(parts)) {
    await sleep(random.between(...plan.gapMs));
    const down = random.between(...plan.downMs);
    const killedAt = Date.now();
    await part.kill();
    await sleep(down);
    await part.start();
    const recoveredAt = Date.now();
    outages.push({ part: part.name, killedAt, recoveredAt });
    log(`killed ${part.name}, down ${Math.round(down)} ms, serving again after ${recoveredAt - killedAt} ms`);
    // The other parts reconnect by themselves; the next kill waits until they have and the backlog is done.
    await until('the stack whole and caught up again', settled, 60_000);
  }
  return outages;
}
