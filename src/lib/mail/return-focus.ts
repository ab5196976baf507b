/**
 * Keyboard and screen-reader users return to where they were: the letter opened last is remembered, and the
 * list it came from puts focus back on its row when it is shown again. Per page load, in memory only.
 */
let lastOpened: string | null = null;

export function rememberOpenedLetter(id: string): void {
	lastOpened = id;
}

/** The letter opened last, once: the next list shown takes it. */
export function takeOpenedLetter(): string | null {
	const id = lastOpened;
	lastOpened = null;
	return id;
}
