// Run by container-runtime.ts in a child process (jest's describe() cannot await): asks testcontainers for a
// working container runtime and prints one JSON line, {"available":true,...} or {"available":false,"reason":...}.
const { getContainerRuntimeClient } = require('testcontainers');

getContainerRuntimeClient().then(
  (client) => {
    process.stdout.write(`${JSON.stringify({ available: true, host: client.info.containerRuntime.host })}\n`);
  },
  (err) => {
    process.stdout.write(
      `${JSON.stringify({ available: false, reason: err instanceof Error ? err.message : String(err) })}\n`,
    );
  },
);
