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
