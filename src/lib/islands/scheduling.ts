/**
 * When the islands entry does its work (main.ts): after the first paint, one piece per task, the rest when
 * the browser is idle. Each falls back to timers where a browser lacks the API (paint timing, idle callbacks).
 */

/** Resolves once the page has painted content, so scripts never delay what the reader sees first. */
export function afterFirstPaint(): Promise<void> {
	return new Promise((done) => {
		if (performance.getEntriesByName('first-contentful-paint').length > 0) return done();
		if (!PerformanceObserver.supportedEntryTypes?.includes('paint')) {
			requestAnimationFrame(() => setTimeout(done, 0));
			return;
		}
		const observer = new PerformanceObserver((list) => {
			if (!list.getEntriesByName('first-contentful-paint').length) return;
			observer.disconnect();
			clearTimeout(timer);
			done();
		});
		observer.observe({ type: 'paint', buffered: true });
		// A page that never paints (opened in a background tab) still gets its islands.
		const timer = setTimeout(() => {
			observer.disconnect();
			done();
		}, 3000);
	});
}

/** Lets the browser handle input and paint before the next piece of work. */
export function nextTask(): Promise<void> {
	return new Promise((done) => setTimeout(done, 0));
}

/** Resolves when the browser has nothing more urgent to do (at the latest after two seconds). */
export function whenIdle(): Promise<void> {
	return new Promise((done) => {
		if ('requestIdleCallback' in window) requestIdleCallback(() => done(), { timeout: 2000 });
		else setTimeout(done, 200);
	});
}
