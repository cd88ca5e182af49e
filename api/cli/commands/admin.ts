/** `org create|list`, `token create|revoke`: administration of writers. */
import { parseArgs } from 'node:util';
import { allOrganizations, createOrganization, createToken, revokeToken } from '../../store/admin.ts';
import type { Config } from '../config.ts';
import { openContext } from '../context.ts';
import { UsageError } from '../usage-error.ts';
import { importOrganizations } from './org-import.ts';

export async function orgCommand(args: string[], config: Config): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'import') {
    const parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        map: { type: 'string' },
        'dry-run': { type: 'boolean' },
        confirm: { type: 'boolean' },
        report: { type: 'string' },
      },
    });
    if (!parsed.positionals[0]) throw new UsageError('org import needs a FILE (CSV, .xlsx or .xls)');
    return importOrganizations(parsed.positionals[0], config, {
      map: parsed.values.map,
      dryRun: parsed.values['dry-run'] ?? false,
      confirm: parsed.values.confirm ?? false,
      report: parsed.values.report,
    });
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      name: { type: 'string' },
      'name-en': { type: 'string' },
      kind: { type: 'string' },
      region: { type: 'string' },
      anonymous: { type: 'boolean' },
      id: { type: 'string' },
    },
  });
  const ctx = await openContext(config, { createKey: true });
  try {
    if (sub === 'create') {
      if (!values.name || !values.kind || !values.region)
        throw new UsageError('org create needs --name, --kind and --region');
      const id = await createOrganization(
        ctx.database.db,
        {
          id: values.id,
          name: values.name,
          kind: values.kind,
          region: values.region,
          anonymous: values.anonymous,
          nameEn: values['name-en'],
        },
        ctx.clock(),
        ctx.catalog.hasRegion,
      );
      console.log(id);
      return 0;
    }
    if (sub === 'list') {
      for (const o of await allOrganizations(ctx.database.db)) {
        console.log([o.id, o.kind, o.region, o.anonymous ? 'anonymous' : '', o.name].join('\t'));
      }
      return 0;
    }
    throw new UsageError('org needs a subcommand: create, list or import');
  } finally {
    ctx.database.close();
  }
}

export async function tokenCommand(args: string[], config: Config): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    options: { org: { type: 'string' } },
    allowPositionals: true,
  });
  const ctx = await openContext(config, { createKey: true });
  try {
    if (sub === 'create') {
      if (!values.org) throw new UsageError('token create needs --org');
      const { id, token } = await createToken(ctx.database.db, values.org, ctx.clock());
      console.error(`token ${id} for ${values.org}; it is shown once, keep it secret:`);
      console.log(token);
      return 0;
    }
    if (sub === 'revoke') {
      if (!positionals[0]) throw new UsageError('token revoke needs the token id (tok_…)');
      await revokeToken(ctx.database.db, positionals[0], ctx.clock());
      console.error(`revoked ${positionals[0]}`);
      return 0;
    }
    throw new UsageError('token needs a subcommand: create or revoke');
  } finally {
    ctx.database.close();
  }
}
