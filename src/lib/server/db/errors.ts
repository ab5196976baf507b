/**
 * A unique or primary-key constraint refused a row, on either engine (better-sqlite3's SqliteError codes,
 * PostgreSQL's SQLSTATE 23505). `constraint` narrows it: a PostgreSQL constraint name (`citizens_cpr_key`)
 * or SQLite's "table.column" in the message (`citizens.cpr`); either matches when given both forms.
 */
export function isUniqueViolation(err: unknown, ...constraint: string[]): boolean {
	if (!err || typeof err !== 'object') return false;
	const {
		code,
		message,
		constraint: name
	} = err as { code?: unknown; message?: unknown; constraint?: unknown };
	const unique =
		code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
	if (!unique || constraint.length === 0) return unique;
	return constraint.some(
		(c) => c === name || (typeof message === 'string' && code !== '23505' && message.includes(c))
	);
}
