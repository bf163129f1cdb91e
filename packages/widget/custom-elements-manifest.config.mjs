// custom-elements.json, referenced from package.json "customElements" so that editors and
// documentation tools know <au-pay>'s attributes, properties, events, parts and custom properties.

/** Keeps the public surface only: classes, their non-private members, the documented events. */
const publicSurfaceOnly = {
  name: 'au-pay-public-surface-only',
  packageLinkPhase({ customElementsManifest }) {
    for (const mod of customElementsManifest.modules) {
      mod.declarations = (mod.declarations ?? []).filter((d) => d.kind === 'class');
      for (const declaration of mod.declarations) {
        declaration.members = declaration.members?.filter((m) => m.privacy !== 'private');
        // `#emit(name, …)` dispatches `new CustomEvent(name)`; the real names are in the JSDoc.
        declaration.events = declaration.events?.filter((e) => e.name.startsWith('au-pay-'));
      }
    }
  },
};

export default {
  globs: ['src/au-pay/au-pay.ts', 'src/au-pay/define.ts'],
  outdir: '.',
  litelement: true,
  packagejson: false,
  plugins: [publicSurfaceOnly],
};
