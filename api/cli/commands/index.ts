import type { Config } from '../config.ts';
import { initCommand } from './init.ts';
import { importCommand } from './import.ts';
import { orgCommand, tokenCommand } from './admin.ts';
import { rebuildCommand } from './rebuild.ts';
import { exportCommand } from './export.ts';
import { verifyCommand } from './verify.ts';
import { buildCommand, serveCommand, startCommand } from './serve.ts';
import { demoCommand } from './demo.ts';
import { witnessCommand } from './witness.ts';
import { labelCommand } from './label.ts';
import { complaintCommand } from './complaint.ts';

export type Command = (args: string[], config: Config) => Promise<number | void>;

export const commands: Record<string, Command> = {
  init: initCommand,
  serve: serveCommand,
  start: startCommand,
  build: buildCommand,
  org: orgCommand,
  token: tokenCommand,
  import: importCommand,
  rebuild: rebuildCommand,
  export: exportCommand,
  verify: verifyCommand,
  demo: demoCommand,
  witness: witnessCommand,
  // The QR encoder is loaded only when a label is printed.
  label: labelCommand(async () => (await import('../../label/qr.ts')).qrcodeEncoder),
  complaint: complaintCommand,
};
