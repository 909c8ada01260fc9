import { describe, expect, it } from 'vitest';
import { menuRoles, menuTemplate } from './menu.js';

const roles = (dev: boolean, mac = false) => menuRoles(menuTemplate({ dev, mac, appName: 'Bonus desk', onAbout: () => undefined }));

describe('menu', () => {
  it('has no reload and no developer tools in production', () => {
    for (const mac of [false, true]) {
      expect(roles(false, mac)).not.toContain('reload');
      expect(roles(false, mac)).not.toContain('forceReload');
      expect(roles(false, mac)).not.toContain('toggleDevTools');
    }
  });

  it('offers them unpackaged', () => {
    expect(roles(true)).toEqual(expect.arrayContaining(['reload', 'forceReload', 'toggleDevTools']));
  });

  it('keeps editing and quitting', () => {
    expect(roles(false)).toEqual(expect.arrayContaining(['copy', 'paste', 'undo', 'quit']));
  });
});
