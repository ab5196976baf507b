import { describe, expect, it } from 'vitest';
import { lix } from '$lib/plain-language/lix';
import { currentStep, initialState } from '$lib/wizard/flow';
import type { Locale } from '$lib/paraglide/runtime';
import { supportInfoFrom } from '$lib/wizard/support-info';
import { parseSupportHours, parseSupportPhone } from '$lib/config/support';
import { screens, screenText } from '../wizard/screens';

// Every wizard screen as it is rendered, in Danish and English, must be easy to read, in a build without a
// support phone (the default) and in one with a phone and opening hours.
const limits: Partial<Record<Locale, number>> = { da: 25, en: 30 };
const withPhone = supportInfoFrom({
	phone: parseSupportPhone('+45 70 12 34 56'),
	hours: parseSupportHours('mon-thu 09:00-15:00; fri 09:00-13:00')
});

describe('plain language of the wizard (LIX)', () => {
	it('covers every step kind and outcome', () => {
		const steps = new Set(screens.map(([, state]) => currentStep(state).replace(/:.*/, '')));
		expect([...steps].sort()).toEqual(
			['date', 'existing', 'helpFirst', 'helpOutcome', 'intro', 'outcome', 'question'].sort()
		);
		expect(screens.filter(([, s]) => currentStep(s) === 'outcome').length).toBeGreaterThanOrEqual(10);
	});

	for (const [locale, limit] of Object.entries(limits) as [Locale, number][]) {
		for (const [name, state] of screens) {
			it(`${locale}: ${name} has LIX ≤ ${limit}`, () => {
				for (const text of [screenText(state, locale), screenText(state, locale, withPhone)]) {
					expect(text.split('\n').length, text).toBeGreaterThan(3);
					const result = lix(text);
					expect(result.lix, `${text}\n\n${JSON.stringify(result)}`).toBeLessThanOrEqual(limit);
				}
			});
		}
	}

	it('renders the screen in the requested language', () => {
		expect(screenText(initialState(), 'da')).toContain('Kan du blive fritaget for Digital Post?');
		expect(screenText(initialState(), 'en')).toContain('Can you be exempted from Digital Post?');
	});
});
