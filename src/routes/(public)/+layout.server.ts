import { islandScripts } from '$lib/server/islands';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = () => ({ islands: islandScripts() });
