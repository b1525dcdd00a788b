import type { Connection } from '@temporalio/client';
import { msToTs, tsToMs } from '@temporalio/common';
import proto from '@temporalio/proto';
import { ticketSearchAttributes } from '../workflows/ticket/messages';

/** A new namespace reaches every server component after a short while (its cache refresh). */
async function waitUntilVisible(connection: Connection, namespace: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await connection.operatorService.listSearchAttributes({ namespace });
      return;
    } catch (error) {
      if (attempt >= 150) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/**
 * Makes the namespace ready for Duradesk on any server: registered, keeping closed workflows at least
 * `retentionDays` (the audit trail), with the search attributes the workflows upsert.
 */
export async function ensureNamespace(connection: Connection, namespace: string, retentionDays: number) {
  const retention = msToTs(`${retentionDays} days`);
  const described = await connection.workflowService
    .describeNamespace({ namespace })
    .catch((error: unknown) => {
      if ((error as { code?: number }).code === 5) return null; // NOT_FOUND
      throw error;
    });
  if (!described) {
    await connection.workflowService.registerNamespace({
      namespace,
      workflowExecutionRetentionPeriod: retention,
    });
    await waitUntilVisible(connection, namespace);
  } else if (tsToMs(described.config?.workflowExecutionRetentionTtl) < tsToMs(retention)) {
    await connection.workflowService.updateNamespace({
      namespace,
      config: { workflowExecutionRetentionTtl: retention },
    });
  }

  const existing = await connection.operatorService.listSearchAttributes({ namespace });
  const missing = ticketSearchAttributes.filter((key) => !(key.name in (existing.customAttributes ?? {})));
  if (missing.length > 0) {
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(
        missing.map((key) => [
          key.name,
          proto.temporal.api.enums.v1.IndexedValueType[`INDEXED_VALUE_TYPE_${key.type}`],
        ]),
      ),
    });
  }
}
