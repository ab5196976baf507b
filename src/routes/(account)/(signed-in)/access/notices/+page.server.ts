import { helperNoticeActions, helperNoticePageData } from '$lib/server/access/notices-page';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => helperNoticePageData(event);

export const actions: Actions = helperNoticeActions;
