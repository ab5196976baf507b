import type { TestProject } from 'vitest/node';
import { startPostgres } from '../../scripts/postgres.js';

declare module 'vitest' {
	export interface ProvidedContext {
		/** A throwaway PostgreSQL's database URL, for the app processes of the cluster tests. */
		clusterDatabaseUrl: string;
	}
}

/** One throwaway PostgreSQL for the multi-process tests; the test files start the app processes. */
export default async function setup(project: TestProject) {
	const server = await startPostgres();
	project.provide('clusterDatabaseUrl', server.url);
	return () => server.stop();
}
