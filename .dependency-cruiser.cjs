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

module.exports = {
  forbidden: [
    ...forbidden,
    {
      name: 'web-app-talks-http-only',
      comment: 'the browser app (web/) reaches the node only over HTTP: it imports no server code and no Node module',
      severity: 'error',
      from: { path: '^web/src/' },
      to: { path: '^(src/|bin/|scripts/)' },
    },
    {
      name: 'web-app-no-node-builtins',
      severity: 'error',
      from: { path: '^web/src/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'server-not-into-web-app',
      comment: 'the node serves the built app from dist/public; it never imports its sources',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^web/' },
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
