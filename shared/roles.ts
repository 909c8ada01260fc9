import { z } from 'zod';

/** SPEC "Who uses it": the four roles, from least to most administrative. */
export const roles = ['agent', 'supervisor', 'manager', 'admin'] as const;
export const Role = z.enum(roles);
export type Role = z.infer<typeof Role>;

/** Role lists used by the contract, named after what they allow. */
export const anyone: readonly Role[] = roles;
export const deskStaff: readonly Role[] = ['agent', 'supervisor'];
export const supervisors: readonly Role[] = ['supervisor'];
export const readers: readonly Role[] = ['agent', 'supervisor', 'manager'];
export const managers: readonly Role[] = ['manager'];
/**
 * Desk-wide views beyond one member (the monthly-run preview, service emails, earnings files, the
 * ledger check, the points liability): supervisors work with them, managers read them (SPEC "Who
 * uses it": a manager reads everything). The writes beside them stay `supervisors`.
 */
export const overseers: readonly Role[] = ['supervisor', 'manager'];
export const admins: readonly Role[] = ['admin'];
/**
 * Issue 13, "The audit (supervisors and admins)": the audit screen — who did what to which member,
 * before and after, and the hash chain's check. Supervisors answer for the desk's corrections and
 * runs, admins for users, settings and backups; a manager reads member data but not the trail.
 */
export const auditors: readonly Role[] = ['supervisor', 'admin'];
