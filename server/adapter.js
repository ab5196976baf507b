// adapter-node, plus our production entry: build/index.js becomes server/index.js, which starts
// adapter-node's own server (moved to build/kit-server.js) and adds the security headers to every answer —
// including the static and prerendered files that adapter-node serves before the app's hooks run.
// `node build/index.js` (and so `npm start`) stays the way to start the server.
import adapterNode from '@sveltejs/adapter-node';
import { copyFileSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** @param {import('@sveltejs/adapter-node').AdapterOptions & { out: string }} options */
export default function adapter(options) {
	const base = adapterNode(options);
	return {
		...base,
		/** @param {import('@sveltejs/kit').Builder} builder */
		async adapt(builder) {
			await base.adapt(builder);
			const out = options.out;
			const kitServer = join(out, 'kit-server.js');
			renameSync(join(out, 'index.js'), kitServer);
			renameSync(join(out, 'index.js.map'), `${kitServer}.map`);
			writeFileSync(
				kitServer,
				readFileSync(kitServer, 'utf8').replace(
					'//# sourceMappingURL=index.js.map',
					'//# sourceMappingURL=kit-server.js.map'
				)
			);
			copyFileSync(fileURLToPath(new URL('./index.js', import.meta.url)), join(out, 'index.js'));
			copyFileSync(
				fileURLToPath(new URL('../src/lib/security/headers.js', import.meta.url)),
				join(out, 'security-headers.js')
			);
			builder.log.minor('Wrapped the server with the security headers (build/index.js)');
		}
	};
}
