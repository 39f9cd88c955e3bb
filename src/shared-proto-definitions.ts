/**
 * The SDK parses zeebe.proto anew for every gRPC client it makes: once per job worker, and once for the app's
 * own client. A parsed package definition is plain, read-only data (grpc-js only reads it), so parses of the
 * same file with the same options are shared, and start-up does the work once (figures:
 * bench/worker-defaults.md). Both the app and the workers install it, so it lives beside neither.
 */
import type * as ProtoLoader from '@grpc/proto-loader';

// the module object itself (an `import * as` namespace may be a copy, and patching a copy reaches nobody)
const protoLoader: typeof ProtoLoader = require('@grpc/proto-loader');

let installed = false;

export function shareProtoDefinitions(): void {
  if (installed) return;
  installed = true;
  const parse = protoLoader.loadSync;
  const parsed = new Map<string, ProtoLoader.PackageDefinition>();
  const loadSync: typeof ProtoLoader.loadSync = (filename, options) => {
    const key = JSON.stringify([filename, options ?? {}]);
    let definition = parsed.get(key);
    if (!definition) {
      definition = parse(filename, options);
      parsed.set(key, definition);
    }
    return definition;
  };
  // the SDK reads the export at each call (`(0, proto_loader_1.loadSync)(...)`), so replacing it reaches it
  (protoLoader as { loadSync: typeof ProtoLoader.loadSync }).loadSync = loadSync;
}
