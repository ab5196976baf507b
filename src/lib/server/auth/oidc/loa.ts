/**
 * Levels of assurance (NSIS / eIDAS: low < substantial < high). Brokers write them as a URI or a word, e.g.
 * `https://data.gov.dk/concept/core/nsis/loa/Substantial`, `http://eidas.europa.eu/LoA/substantial` or `High`.
 */
export const LOA_ORDER = ['low', 'substantial', 'high'] as const;
export type Loa = (typeof LOA_ORDER)[number];

/** The level a claim value names, or undefined when it names none. */
export function loaLevel(value: unknown): Loa | undefined {
	if (typeof value !== 'string') return undefined;
	const word = value.trim().split(/[/:#]/).pop()?.toLowerCase();
	return LOA_ORDER.find((level) => level === word);
}

/** Whether `actual` (from the broker's `acr` or LoA claim) is at least `required`; an unknown level is not. */
export function loaSufficient(actual: unknown, required: Loa | null): boolean {
	if (required === null) return true;
	const level = loaLevel(actual);
	return level !== undefined && LOA_ORDER.indexOf(level) >= LOA_ORDER.indexOf(required);
}
