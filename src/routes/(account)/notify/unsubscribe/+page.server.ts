import { loadUnsubscribe, unsubscribeAction } from '$lib/server/notify/pages';
import type { Actions, PageServerLoad } from './$types';

export const prerender = false;

export const load: PageServerLoad = (event) => loadUnsubscribe(event);

export const actions: Actions = { default: (event) => unsubscribeAction(event) };
