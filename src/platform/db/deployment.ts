import { sql } from 'kysely';
import type { Db } from './database.js';

/**
 * This deployment's id, generated once by migration 0003: the same for every instance on this
 * database, different for another deployment. It namespaces Redis and marks every event published.
 */
export async function readDeploymentId(db: Db): Promise<string> {
  const { rows } = await sql<{ id: string }>`select id from deployment`.execute(db);
  if (!rows[0]) throw new Error('no deployment id: the table of migration 0003_deployment is empty');
  return rows[0].id;
}
