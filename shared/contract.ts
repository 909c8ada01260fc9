import type { z } from 'zod';
import { mergeChannels, type ChannelDef } from './contract-kit.js';
import { authChannels } from './channels/auth.js';
import { memberChannels } from './channels/members.js';
import { runChannels } from './channels/runs.js';
import { earningsChannels } from './channels/earnings.js';
import { pointsChannels } from './channels/points.js';
import { redemptionChannels } from './channels/redemptions.js';
import { membershipChannels } from './channels/membership.js';
import { jobChannels } from './channels/jobs.js';
import { correctionChannels } from './channels/corrections.js';

import { launchChannels } from './channels/launches.js';
import { heldOrderChannels } from './channels/held-orders.js';
import { memberDataChannels, reportChannels } from './channels/reports.js';
import { termsChannels } from './channels/terms.js';
import { backupChannels } from './channels/backups.js';
import { settingsChannels } from './channels/settings.js';
import { contactChannels, contactReportChannels } from './channels/contact.js';
import { catalogChannels } from './channels/catalog.js';
import { earningTableChannels } from './channels/earning-table.js';
import { auditChannels } from './channels/audit.js';
import { managerReportChannels } from './channels/manager-reports.js';
import { billingChannels } from './channels/billing.js';
/**
 * The contract: every channel once. Preload, router and the renderer's typed client are all
 * derived from this table. To add a channel, declare it in its area file under `channels/` and
 * list the area here if it is new.
 */
export const contract = mergeChannels(authChannels, memberChannels, pointsChannels, runChannels, earningsChannels, redemptionChannels, membershipChannels, jobChannels, correctionChannels, launchChannels, heldOrderChannels, reportChannels, managerReportChannels, memberDataChannels, termsChannels, backupChannels, contactChannels, contactReportChannels, auditChannels, catalogChannels, earningTableChannels, settingsChannels, billingChannels);

export type Contract = typeof contract;
export type ChannelName = keyof Contract & string;
export type ChannelInput<C extends ChannelName> = z.input<Contract[C]['input']>;
export type ParsedInput<C extends ChannelName> = z.output<Contract[C]['input']>;
export type ChannelOutput<C extends ChannelName> = z.output<Contract[C]['output']>;
export const channelNames = Object.keys(contract) as ChannelName[];

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.hasOwn(contract, name);
}

export function channelDef(name: ChannelName): ChannelDef {
  return contract[name];
}
