/**
 * Svelte action: puts the keyboard in this field when it appears (the first field of a step), unless the
 * person is already typing in another field (a slow page may finish loading while they type). Used instead of
 * `autofocus`, which only works on a page load, not on a step that replaces the previous one.
 */
export function focusOnAppear(node: HTMLElement): void {
	const active = document.activeElement;
	const typing =
		active instanceof HTMLInputElement ||
		active instanceof HTMLTextAreaElement ||
		active instanceof HTMLSelectElement;
	if (!typing) node.focus();
}
