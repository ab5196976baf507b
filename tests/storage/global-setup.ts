import type { TestProject } from 'vitest/node';
import { startPostgres } from '../../scripts/postgres.js';

declare module 'vitest' {
	export interface ProvidedContext {
		/** A throwaway PostgreSQL's database URL; its role may create databases (one per test file). */
		postgresUrl: string;
		/** The same server's superuser URL, to watch other sessions (pg_stat_activity, pg_terminate_backend). */
		postgresAdminUrl: string;
	}
}

/** Starts a throwaway PostgreSQL (scripts/postgres.js) for the storage tests; stops and deletes it after. */
export default async function setup(project: TestProject) {
	const server = await startPostgres();
	console.log(`storage tests: ${server.version} on 127.0.0.1:${server.port}`);
	project.provide('postgresUrl', server.url);
	project.provide('postgresAdminUrl', server.adminUrl);
	return () => server.stop();
}
