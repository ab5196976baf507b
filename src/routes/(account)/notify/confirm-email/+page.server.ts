import { confirmEmailAction, loadConfirmEmail } from '$lib/server/notify/pages';
import type { Actions, PageServerLoad } from './$types';

export const prerender = false;

export const load: PageServerLoad = (event) => loadConfirmEmail(event);

export const actions: Actions = { default: (event) => confirmEmailAction(event) };
