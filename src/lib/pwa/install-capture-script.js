// The inline script that catches Chromium's install offer before the app's code has loaded.
// Plain JavaScript so that svelte.config.js can hash the exact same text for the Content-Security-Policy.

/** Where the early script leaves the offer for $lib/pwa/install.svelte.ts. */
export const earlyInstallOfferKey = '__postkasseInstallOffer';

/**
 * Chromium may offer installation before the page's modules have run (seen in about one page load in three
 * on a busy machine); an offer nobody catches is lost for the whole visit. This tiny head script keeps it.
 * @returns {string}
 */
export function installCaptureScriptSource() {
	const key = JSON.stringify(earlyInstallOfferKey);
	return (
		'addEventListener("beforeinstallprompt",function(e){e.preventDefault();window[' +
		key +
		']=e;});addEventListener("appinstalled",function(){window[' +
		key +
		']=null;});'
	);
}
