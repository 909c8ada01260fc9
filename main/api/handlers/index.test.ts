import { describe, expect, it } from 'vitest';
import { channelNames } from '../../../shared/contract.js';
import { handlers, mergeHandlers } from './index.js';
import { earningsHandlers } from './earnings.js';
import { jobsHandlers } from './jobs.js';
import { membersHandlers } from './members.js';
import { runsHandlers } from './runs.js';

describe('handler tables', () => {
  it('every channel of the contract has a handler and nothing else does', () => {
    expect(Object.keys(handlers).sort()).toEqual([...channelNames].sort());
  });

  it('a channel handled by two area tables is refused, not silently overwritten', () => {
    expect(() => mergeHandlers(jobsHandlers, { 'jobs.status': jobsHandlers['jobs.status'] })).toThrow('channel jobs.status has two handlers');
  });

  it('handler files match channel areas: runs.*, earnings.*, jobs.* and members.* each live in one table', () => {
    const areaOf = (table: object): string[] => [...new Set(Object.keys(table).map((name) => name.slice(0, name.indexOf('.'))))];
    expect(areaOf(runsHandlers)).toEqual(['runs']);
    expect(areaOf(earningsHandlers)).toEqual(['earnings']);
    expect(areaOf(jobsHandlers)).toEqual(['jobs']);
    expect(areaOf(membersHandlers)).toEqual(['members']);
    expect(Object.keys(membersHandlers).sort()).toEqual(channelNames.filter((name) => name.startsWith('members.')).sort());
  });
});
