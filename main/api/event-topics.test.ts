import { describe, expect, it } from 'vitest';
import { channelNames, contract } from '../../shared/contract.js';
import { channelTopics, silentChannels } from '../../shared/events.js';

/**
 * Issue 11: every writing channel decides what the other desks hear — topics in
 * `channelTopics`, or a reason in `silentChannels` — so a new channel cannot forget.
 */
describe('what each write tells the other desks', () => {
  const writes = channelNames.filter((name) => contract[name].writes);

  it.each(writes)('%s announces topics or says why it is silent', (name) => {
    const topics = channelTopics[name];
    const silent = silentChannels[name];
    expect(topics !== undefined || silent !== undefined, `${name} is in neither list`).toBe(true);
    expect(topics !== undefined && silent !== undefined, `${name} is in both lists`).toBe(false);
    if (topics !== undefined) expect(topics.length).toBeGreaterThan(0);
  });

  it('names only writing channels', () => {
    for (const name of [...Object.keys(channelTopics), ...Object.keys(silentChannels)]) {
      expect(writes, name).toContain(name);
    }
  });
});
