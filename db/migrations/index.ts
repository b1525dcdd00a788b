import type { Knex } from 'knex';
import * as createDirectory from './20261122000000_create_directory';
import * as createTickets from './20261122000100_create_tickets';
import * as createRealtime from './20261122000200_create_socket_io_attachments';
import * as ticketLifecycle from './20261122000300_ticket_lifecycle';
import * as distribution from './20261122000400_distribution';
import * as ticketSearch from './20261122000500_ticket_search';
import * as slaAndAutomation from './20261122000600_sla_and_automation';
import * as notificationProfiles from './20261122000700_notification_profiles';
import * as organizations from './20261122000800_organizations_and_custom_fields';
import * as loginProtection from './20261201210000_login_protection';
import * as ticketChangeNotes from './20261201220000_ticket_change_notes';

interface Migration {
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

/** Every migration in order; listed here so the app and tests need no file-system discovery. */
const migrations: Record<string, Migration> = {
  '20261122000000_create_directory': createDirectory,
  '20261122000100_create_tickets': createTickets,
  '20261122000200_create_socket_io_attachments': createRealtime,
  '20261122000300_ticket_lifecycle': ticketLifecycle,
  '20261122000400_distribution': distribution,
  '20261122000500_ticket_search': ticketSearch,
  '20261122000600_sla_and_automation': slaAndAutomation,
  '20261122000700_notification_profiles': notificationProfiles,
  '20261122000800_organizations_and_custom_fields': organizations,
  '20261201210000_login_protection': loginProtection,
  '20261201220000_ticket_change_notes': ticketChangeNotes,
};

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(migrations),
  getMigrationName: (name) => name,
  getMigration: async (name) => migrations[name]!,
};
