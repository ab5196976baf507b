// Which cached page answers a navigation when the network fails. Pure, so the service worker and unit
// tests share it. URLs look like /help, /en/help, /ar/mail/letter/1 (Danish, the base locale, has no prefix).

export interface LocalePath {
	/** '' for the base locale, else '/en', '/ar', … */
	prefix: string;
	/** The path without the locale prefix, starting with '/'. */
	rest: string;
}

export function splitLocale(pathname: string, locales: readonly string[], baseLocale: string): LocalePath {
	const [, first = '', ...others] = pathname.split('/');
	if (first !== baseLocale && locales.includes(first)) {
		return { prefix: `/${first}`, rest: `/${others.join('/')}` };
	}
	return { prefix: '', rest: pathname || '/' };
}

function withoutTrailingSlash(pathname: string): string {
	return pathname.length > 1 ? pathname.replace(/\/+$/, '') || '/' : pathname;
}

function isMailPath(rest: string): boolean {
	return rest === '/mail' || rest.startsWith('/mail/');
}

/**
 * Whether a path is the mailbox (any locale). Offline, its pages need the mailbox's code on the device;
 * without it the worker sends the reader to the offline page (offlineDataRedirect) rather than show an
 * empty shell.
 */
export function isMailPage(pathname: string, locales: readonly string[], baseLocale: string): boolean {
	return isMailPath(splitLocale(withoutTrailingSlash(pathname), locales, baseLocale).rest);
}

/**
 * Cached pages to try, best first: the same page; for anything under /mail the mail shell of the same
 * locale (it routes deeper mail URLs in the browser); then the locale's offline page, then the base one.
 */
export function offlineCandidates(
	pathname: string,
	locales: readonly string[],
	baseLocale: string
): string[] {
	const path = withoutTrailingSlash(pathname);
	const { prefix, rest } = splitLocale(path, locales, baseLocale);
	const candidates = [path];
	if (isMailPath(rest)) candidates.push(`${prefix}/mail`);
	candidates.push(`${prefix}/offline`, '/offline');
	return [...new Set(candidates)];
}

const DATA_SUFFIX = '/__data.json';

/**
 * SvelteKit fetches `<page>/__data.json` when the reader follows a link inside the app. When that fails
 * offline (a page the server renders, not one we precached), we answer in SvelteKit's own data format with a
 * redirect to the offline page of the same locale, remembering the page so "Try again" can go back to it.
 * Without this SvelteKit would show a bare "500" error page. Also the target of a mail page opened offline
 * before the mailbox's code is on the device (a page, not data: the path has no __data.json suffix).
 */
export function offlineDataRedirect(dataPathname: string, locales: readonly string[], baseLocale: string) {
	const page = dataPathname.endsWith(DATA_SUFFIX)
		? dataPathname.slice(0, -DATA_SUFFIX.length) || '/'
		: dataPathname;
	const { prefix } = splitLocale(page, locales, baseLocale);
	return { type: 'redirect' as const, location: `${prefix}/offline?from=${encodeURIComponent(page)}` };
}

/** The `from` page the offline page may send the reader back to: only a path on this site. */
export function retryTarget(from: string | null): string | null {
	return from && from.startsWith('/') && !from.startsWith('//') && !from.includes('\\') ? from : null;
}

/** `/<locale>/mail`, where a notification click should take the reader. */
export function mailPath(locale: string, baseLocale: string): string {
	return locale === baseLocale ? '/mail' : `/${locale}/mail`;
}

/**
 * Letter files are cached by the mail client; a cached copy may have been saved for viewing or for
 * download, so the Content-Disposition is set to what this request asked for (`?download=1`).
 */
export function contentDisposition(cached: string | null, download: boolean): string | null {
	if (!cached) return download ? 'attachment' : null;
	const params = cached.replace(/^\s*(inline|attachment)\s*/i, '');
	return `${download ? 'attachment' : 'inline'}${params}`;
}
