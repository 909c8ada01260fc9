import { builtinModules } from 'node:module';
import path from 'node:path';

/**
 * `layering/allowed-imports`: the folder table as an ALLOW-LIST, in VS Code's style
 * (its `code-import-patterns` rule). Every file under one of the table's roots belongs to the
 * layer whose path is its longest prefix; each import it makes (static, dynamic, re-export,
 * `import type`, `import('x').T`) must resolve to
 *   - its own layer, or
 *   - a place its row names: a folder ending in '/' ('shared/', 'main/'), a file ('main/clock.ts'), or
 *   - a package its row names: 'zod', '@mui/*' (any package in the scope), 'node:*' (builtins).
 * Anything else is reported with the row spelt out: "main/api/ may import only main/services/, shared/".
 * A file under a root that no row covers is reported too: a new folder needs its row first.
 *
 * Options: { root, roots: string[], layers: { [layer]: { may: string[], testsMay?: string[] } }, testsMay: string[] }
 * `testsMay` (global, and per layer) is what a *.test.ts(x) file may import on top of its layer's row.
 */

const builtins = new Set(builtinModules.filter((m) => !m.startsWith('_')));
const isFileEntry = (entry) => /\.[cm]?[jt]sx?$/.test(entry);
// A file row covers the file and its test beside it (main/clock.ts and main/clock.test.ts).
const stripExt = (p) => p.replace(/(\.test)?\.[cm]?[jt]sx?$/, '');
const toPosix = (p) => p.split(path.sep).join('/');

/** Does the repo-relative posix path `p` fall inside `entry` (a folder 'x/' or a file 'x.ts')? */
function within(entry, p) {
  if (isFileEntry(entry)) return stripExt(p) === stripExt(entry);
  const dir = entry.endsWith('/') ? entry : `${entry}/`;
  return `${p}/`.startsWith(dir);
}

/** The layer of a path: the longest entry of the table that holds it. */
function layerOf(layers, p) {
  let best;
  for (const layer of Object.keys(layers)) {
    if (within(layer, p) && (best === undefined || layer.length > best.length)) best = layer;
  }
  return best;
}

/** The package an import names: 'node:*' for builtins, '@scope/name' or 'name' otherwise (subpaths dropped). */
function packageOf(spec) {
  if (spec.startsWith('node:') || builtins.has(spec) || builtins.has(spec.split('/')[0])) return 'node:*';
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function packageAllowed(entry, pkg) {
  if (entry === pkg) return true;
  if (entry.endsWith('/*') && !entry.startsWith('node:')) return pkg.startsWith(entry.slice(0, -1));
  return false;
}

const isInternalEntry = (entry) => entry.endsWith('/') || isFileEntry(entry);

const allowedImports = {
  meta: {
    type: 'problem',
    docs: { description: 'Each folder imports only what its row of the layering table allows (an allow-list).' },
    schema: [
      {
        type: 'object',
        properties: {
          root: { type: 'string' },
          roots: { type: 'array', items: { type: 'string' } },
          layers: { type: 'object' },
          testsMay: { type: 'array', items: { type: 'string' } },
        },
        required: ['root', 'roots', 'layers'],
        additionalProperties: false,
      },
    ],
    messages: {
      notAllowed: "{{layer}} {{who}}may import only {{allowed}} — not {{target}} ('{{spec}}').",
      outside: "'{{spec}}' resolves outside the project; {{layer}} {{who}}may import only {{allowed}}.",
      noLayer: '{{file}} lies in no row of the layering table (eslint.config.js): add the folder and what it may import.',
    },
  },
  create(context) {
    const { root, roots, layers, testsMay = [] } = context.options[0];
    const filename = context.filename;
    const file = toPosix(path.relative(root, filename));
    if (file.startsWith('..') || path.isAbsolute(file)) return {};
    if (!roots.some((r) => within(r, file))) return {};
    const layer = layerOf(layers, file);
    if (layer === undefined) {
      return {
        Program(node) {
          context.report({ node, messageId: 'noLayer', data: { file } });
        },
      };
    }
    const isTest = /\.test\.[cm]?[jt]sx?$/.test(file);
    const row = layers[layer];
    const may = [...new Set([...row.may, ...(isTest ? [...testsMay, ...(row.testsMay ?? [])] : [])])];
    const who = isTest ? 'tests ' : '';
    const allowed = may.join(', ') || 'nothing outside itself';

    function check(node, spec) {
      if (typeof spec !== 'string') return;
      const clean = spec.replace(/[?#].*$/, '');
      if (clean.startsWith('.') || clean.startsWith('/')) {
        const target = toPosix(path.relative(root, path.resolve(path.dirname(filename), clean)));
        if (target.startsWith('..') || path.isAbsolute(target)) {
          context.report({ node, messageId: 'outside', data: { spec, layer, who, allowed } });
          return;
        }
        const targetLayer = layerOf(layers, target);
        if (targetLayer === layer) return;
        if (may.some((entry) => isInternalEntry(entry) && within(entry, target))) return;
        context.report({ node, messageId: 'notAllowed', data: { layer, who, allowed, target: targetLayer ?? target, spec } });
        return;
      }
      const pkg = packageOf(clean);
      if (may.some((entry) => !isInternalEntry(entry) && packageAllowed(entry, pkg))) return;
      context.report({ node, messageId: 'notAllowed', data: { layer, who, allowed, target: pkg, spec } });
    }

    const fromSource = (node) => {
      if (node.source) check(node.source, node.source.value);
    };
    return {
      ImportDeclaration: fromSource,
      ExportNamedDeclaration: fromSource,
      ExportAllDeclaration: fromSource,
      ImportExpression(node) {
        if (node.source.type === 'Literal') check(node.source, node.source.value);
        else if (node.source.type === 'TemplateLiteral' && node.source.expressions.length === 0) {
          check(node.source, node.source.quasis[0]?.value.cooked);
        }
      },
      TSImportType(node) {
        // typescript-eslint 8: `argument` is a TSLiteralType holding the string literal.
        const lit = node.argument?.type === 'TSLiteralType' ? node.argument.literal : node.argument;
        if (lit?.type === 'Literal') check(lit, lit.value);
      },
      TSExternalModuleReference(node) {
        if (node.expression.type === 'Literal') check(node.expression, node.expression.value);
      },
    };
  },
};

export const layering = { meta: { name: 'layering' }, rules: { 'allowed-imports': allowedImports } };
