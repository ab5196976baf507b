import { m } from '$lib/paraglide/messages';
import type { PageServerLoad } from './$types';

// Prerendered per locale; the words come as data in the page's language (smaller than code for seven).
export const load: PageServerLoad = () => ({
	texts: {
		appName: m.app_name(),
		title: m.pwa_offline_title(),
		text: m.pwa_offline_text(),
		retry: m.pwa_offline_retry(),
		still: m.pwa_offline_still(),
		mail: m.pwa_offline_mail(),
		help: m.help_title(),
		exemption: m.home_exemption_title()
	}
});
