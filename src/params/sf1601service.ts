import type { ParamMatcher } from '@sveltejs/kit';

/** The two look-ups SF1601 PostForespoerg offers. */
export const match = ((param: string): param is 'digitalpost' | 'nemsms' =>
	param === 'digitalpost' || param === 'nemsms') satisfies ParamMatcher;
