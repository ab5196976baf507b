import { m } from '$lib/paraglide/messages';
import type { PageServerLoad } from './$types';

// The start page's words are picked for the page's language at build time (prerendered), so the browser
// gets them as data in one language instead of as code holding all seven (keeps the page's JS small).
export const load: PageServerLoad = () => ({
	texts: {
		appName: m.app_name(),
		title: m.home_title(),
		intro: m.home_intro(),
		actionsTitle: m.home_actions_title(),
		mailTitle: m.home_mail_title(),
		mailText: m.home_mail_text(),
		exemptionTitle: m.home_exemption_title(),
		exemptionText: m.home_exemption_text(),
		helpTitle: m.home_help_title(),
		helpText: m.home_help_text(),
		offlineTitle: m.home_offline_title(),
		offlineText: m.home_offline_text(),
		installTitle: m.home_install_title(),
		installText: m.home_install_text(),
		installHelp: m.home_install_help(),
		aboutTitle: m.home_about_title(),
		aboutText: m.home_about_text(),
		aboutLink: m.home_about_link()
	}
});
