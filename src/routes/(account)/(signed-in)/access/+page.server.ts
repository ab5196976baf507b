import { accessActions, accessPageData } from '$lib/server/access/page';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => accessPageData(event);

export const actions: Actions = accessActions;
