/** Builds the site for a database into an output directory, exactly as `aidtrail build` does. */
import { buildSite as buildPortalSite, repoRoot } from '../../../api/site/build.ts';

export { repoRoot };

export const buildSite = (databaseUrl: string, outDir: string) => buildPortalSite({ databaseUrl, outDir });
