// One letter through the sender API, as the benches' senders post them.

/**
 * Posts a letter body (JSON text) with the sender's API key; throws unless it was delivered (201).
 * @param {string} baseUrl @param {string} apiKey @param {string} body
 */
export async function deliver(baseUrl, apiKey, body) {
	const res = await fetch(`${baseUrl}/api/v1/messages`, {
		method: 'POST',
		headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
		body
	});
	await res.arrayBuffer();
	if (res.status !== 201) throw new Error(`delivery answered ${res.status}`);
}
