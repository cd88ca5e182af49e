import type { Config } from '../config.ts';

export type Command = (args: string[], config: Config) => Promise<number | void>;

/**
 * A command whose module is loaded only when it runs: each command pulls in a different part
 * of the software (the HTTP app and the site for `serve`, the importers for `import`), and a
 * long job such as `export` should not carry the others' memory.
 */
const lazy =
  (load: () => Promise<Command>): Command =>
  async (args, config) =>
    (await load())(args, config);

const serve = () => import('./serve.ts');

export const commands: Record<string, Command> = {
  init: lazy(async () => (await import('./init.ts')).initCommand),
  serve: lazy(async () => (await serve()).serveCommand),
  start: lazy(async () => (await serve()).startCommand),
  build: lazy(async () => (await serve()).buildCommand),
  org: lazy(async () => (await import('./admin.ts')).orgCommand),
  token: lazy(async () => (await import('./admin.ts')).tokenCommand),
  import: lazy(async () => (await import('./import.ts')).importCommand),
  rebuild: lazy(async () => (await import('./rebuild.ts')).rebuildCommand),
  export: lazy(async () => (await import('./export.ts')).exportCommand),
  verify: lazy(async () => (await import('./verify.ts')).verifyCommand),
  demo: lazy(async () => (await import('./demo.ts')).demoCommand),
  witness: lazy(async () => (await import('./witness.ts')).witnessCommand),
  // The QR encoder is loaded only when a label is printed.
  label: lazy(async () =>
    (await import('./label.ts')).labelCommand(async () => (await import('../../label/qr.ts')).qrcodeEncoder),
  ),
  complaint: lazy(async () => (await import('./complaint.ts')).complaintCommand),
};
