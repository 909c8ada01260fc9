import type { MenuItemConstructorOptions } from 'electron';

export interface MenuOptions {
  /** Unpackaged (`npm start`): reload and developer tools are offered. */
  dev: boolean;
  /** macOS puts an app menu first. */
  mac: boolean;
  appName: string;
  /** Shows the "Om Bonus desk" dialog. */
  onAbout(): void;
}

/**
 * The menu, in Norwegian. In production there is no reload (it would drop the signed-in page and
 * anything typed into a form) and no developer tools.
 */
export function menuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const view: MenuItemConstructorOptions[] = [
    { role: 'resetZoom', label: 'Faktisk størrelse' },
    { role: 'zoomIn', label: 'Zoom inn' },
    { role: 'zoomOut', label: 'Zoom ut' },
    { type: 'separator' },
    { role: 'togglefullscreen', label: 'Fullskjerm' },
  ];
  if (options.dev) {
    view.push(
      { type: 'separator' },
      { role: 'reload', label: 'Last inn på nytt' },
      { role: 'forceReload', label: 'Tving ny innlasting' },
      { role: 'toggleDevTools', label: 'Utviklerverktøy' },
    );
  }
  const about: MenuItemConstructorOptions = { label: `Om ${options.appName}`, click: () => options.onAbout() };
  return [
    ...(options.mac
      ? [
          {
            label: options.appName,
            submenu: [about, { type: 'separator' }, { role: 'hide', label: `Skjul ${options.appName}` }, { role: 'quit', label: `Avslutt ${options.appName}` }],
          } satisfies MenuItemConstructorOptions,
        ]
      : []),
    {
      label: 'Fil',
      submenu: [options.mac ? { role: 'close', label: 'Lukk vindu' } : { role: 'quit', label: 'Avslutt' }],
    },
    {
      label: 'Rediger',
      submenu: [
        { role: 'undo', label: 'Angre' },
        { role: 'redo', label: 'Gjør om' },
        { type: 'separator' },
        { role: 'cut', label: 'Klipp ut' },
        { role: 'copy', label: 'Kopier' },
        { role: 'paste', label: 'Lim inn' },
        { role: 'selectAll', label: 'Merk alt' },
      ],
    },
    { label: 'Vis', submenu: view },
    { label: 'Vindu', role: 'window', submenu: [{ role: 'minimize', label: 'Minimer' }] },
    ...(options.mac ? [] : [{ label: 'Hjelp', role: 'help', submenu: [about] } satisfies MenuItemConstructorOptions]),
  ];
}

/** Every role in a template, submenus included (for the tests and for a quick look). */
export function menuRoles(template: readonly MenuItemConstructorOptions[]): string[] {
  return template.flatMap((item) => [
    ...(item.role === undefined ? [] : [item.role]),
    ...(Array.isArray(item.submenu) ? menuRoles(item.submenu) : []),
  ]);
}
