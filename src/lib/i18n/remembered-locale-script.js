// The inline script that sends a reader to the language they chose before (see remembered-locale.ts).
// Plain JavaScript so that svelte.config.js can hash the exact same text for the Content-Security-Policy.

export const rememberedLocaleKey = 'postkasse.locale';

// redirectTarget of remembered-locale.ts as plain ES5 text (a function's own source could be renamed or
// minified by the bundler); a unit test runs both on the same cases.
const redirectTargetSource =
	'function(p,s,h,r,l){if(!r||l.indexOf(r)===-1)return null;var f=p.split("/")[1]||"";' +
	'if(l.indexOf(f)!==-1)return null;return "/"+r+(p==="/"?"":p)+s+h;}';

/**
 * A tiny script for the document head that redirects before the page paints, so a reader who chose
 * Arabic never sees a flash of Danish. Kept as plain ES5 so it runs in any browser.
 * @param {string[]} prefixedLocales every locale but the base one (those have a URL prefix)
 * @returns {string}
 */
export function rememberedLocaleScriptSource(prefixedLocales) {
	const prefixed = JSON.stringify(prefixedLocales);
	const key = JSON.stringify(rememberedLocaleKey);
	return (
		'(function(){try{' +
		`var t=(${redirectTargetSource})(location.pathname,location.search,location.hash,localStorage.getItem(${key}),${prefixed});` +
		'if(t)location.replace(t);}catch(e){}})();'
	);
}
