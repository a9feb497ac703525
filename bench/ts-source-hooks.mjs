// Lets a benchmark import the TypeScript sources directly (Node 24 strips types): the sources import
// `./x.js` (NodeNext style), so a `.js` specifier that does not resolve is retried as the `.ts` beside it.
// Import this module before any dynamic import of `src/`.
import { registerHooks } from 'node:module';

registerHooks({
  resolve(specifier, context, next) {
    try {
      return next(specifier, context);
    } catch (error) {
      if (specifier.startsWith('.') && specifier.endsWith('.js'))
        return next(`${specifier.slice(0, -3)}.ts`, context);
      throw error;
    }
  },
});
