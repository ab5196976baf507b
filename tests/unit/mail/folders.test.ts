import { describe, expect, it } from 'vitest';
import { folderPath, isSystemFolder, placeOf, sortFolders } from '../../../src/lib/mail/folders';

describe('folders', () => {
	it('lists a letter whose folder no longer exists in the inbox, and every other where it is filed', () => {
		const exists = (id: string) => id === 'folder-live';
		expect(placeOf('folder-live', exists)).toBe('folder-live');
		expect(placeOf('folder-deleted', exists)).toBe('inbox');
		expect(placeOf('archive', exists)).toBe('archive');
		expect(placeOf('trash', () => false)).toBe('trash');
	});

	it('knows the system folders and where each folder is listed', () => {
		expect(['inbox', 'archive', 'trash', 'x'].map(isSystemFolder)).toEqual([true, true, true, false]);
		expect(['inbox', 'archive', 'trash', 'f-1'].map(folderPath)).toEqual([
			'/mail',
			'/mail/archive',
			'/mail/trash',
			'/mail/folder/f-1'
		]);
	});

	it('sorts folders by name as people read them (case and numbers)', () => {
		const sorted = sortFolders([
			{ id: '1', name: 'skat 10' },
			{ id: '2', name: 'Bolig' },
			{ id: '3', name: 'Skat 9' }
		]);
		expect(sorted.map((f) => f.name)).toEqual(['Bolig', 'Skat 9', 'skat 10']);
	});
});
