import type { ZcaTransport } from "./create-zca-transport.ts";

let current: ZcaTransport | undefined;

/**
 * The zca-js transport this process runs, if any. The HTTP app is built before Zalo starts, so the
 * admin login page looks the transport up here at request time: it pauses it while a QR login takes
 * the account's web session (else Zalo would kick it and the coordinators would be alerted for
 * nothing) and resumes it with the new credentials.
 */
export const activeZcaTransport = {
  get: (): ZcaTransport | undefined => current,
  set: (transport: ZcaTransport | undefined): void => {
    current = transport;
  },
};
