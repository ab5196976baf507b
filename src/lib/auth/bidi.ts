/**
 * Wraps a left-to-right value (card id, user id, key) in Unicode isolates, so it keeps its own
 * direction inside an Arabic or Farsi sentence instead of dragging punctuation around.
 */
export function isolate(value: string | number): string {
	return `\u2068${value}\u2069`;
}
