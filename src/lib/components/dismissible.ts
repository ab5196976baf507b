// A <details> disclosure that closes like a menu: Escape inside it closes it and gives focus back to its
// summary, a click outside closes it. Plain DOM, so the public pages' language picker has it before (and
// without) its component coming to life (src/lib/islands/main.ts).

/** Makes `details` dismissible; returns a function that stops it. Doing it twice does no harm. */
export function dismissible(details: HTMLDetailsElement): () => void {
	const close = (returnFocus: boolean) => {
		if (!details.open) return;
		details.open = false;
		if (returnFocus) details.querySelector('summary')?.focus();
	};
	const onKeydown = (event: KeyboardEvent) => {
		if (event.key === 'Escape' && details.contains(document.activeElement)) close(true);
	};
	const onClick = (event: MouseEvent) => {
		if (!details.contains(event.target as Node)) close(false);
	};
	addEventListener('keydown', onKeydown);
	addEventListener('click', onClick);
	return () => {
		removeEventListener('keydown', onKeydown);
		removeEventListener('click', onClick);
	};
}
