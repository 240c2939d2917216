// Layers from docs/ARCHITECTURE.md, lowest first. A module may import only from its own layer or
// from layers listed before it. The composition root (src/node.ts) wires every layer; only the
// CLI, which starts nodes, may import it.
const layers = ['core', 'identity', 'store', 'meta', 'net', 'sync', 'pool', 'auth', 'api', 'web', 'cli'];

const forbidden = layers.slice(0, -1).map((layer, i) => ({
  name: `layer-${layer}`,
  comment: `${layer}/ may import only from: ${layers.slice(0, i + 1).join(', ')}`,
  severity: 'error',
  from: { path: `^src/${layer}/` },
  to: { path: `^src/(${[...layers.slice(i + 1), 'node\\.ts'].join('|')})` },
}));

/** Nothing matching `from` may import anything matching `to`. */
const apart = (name, comment, from, to) => ({ name, comment, severity: 'error', from: { path: from }, to: { path: to } });

module.exports = {
  forbidden: [
    ...forbidden,
    // The browser app (web/) reaches the node only over HTTP; the node serves its built files.
    apart('web-app-talks-http-only', 'the browser app imports no server code', '^web/src/', '^(src/|bin/|scripts/)'),
    apart('server-not-into-web-app', 'the node never imports the browser app\'s sources', '^src/', '^web/'),
    {
      name: 'web-app-no-node-builtins',
      severity: 'error',
      from: { path: '^web/src/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.test\\.ts$' },
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
