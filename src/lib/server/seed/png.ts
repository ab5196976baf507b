import { crc32, deflateSync } from 'node:zlib';

type Rgb = readonly [number, number, number];

/** A small RGB raster for demo pictures (no text), written as PNG with node's zlib. */
export class Picture {
	private readonly pixels: Uint8Array;

	constructor(
		readonly width: number,
		readonly height: number,
		background: Rgb = [255, 255, 255]
	) {
		this.pixels = new Uint8Array(width * height * 3);
		this.rect(0, 0, width, height, background);
	}

	rect(x: number, y: number, w: number, h: number, color: Rgb): this {
		x = Math.round(x);
		y = Math.round(y);
		for (let row = Math.max(0, y); row < Math.min(this.height, y + h); row++) {
			for (let col = Math.max(0, x); col < Math.min(this.width, x + w); col++) this.set(col, row, color);
		}
		return this;
	}

	circle(cx: number, cy: number, r: number, color: Rgb): this {
		for (let row = Math.max(0, cy - r); row <= Math.min(this.height - 1, cy + r); row++) {
			for (let col = Math.max(0, cx - r); col <= Math.min(this.width - 1, cx + r); col++) {
				if ((col - cx) ** 2 + (row - cy) ** 2 <= r * r) this.set(col, row, color);
			}
		}
		return this;
	}

	private set(x: number, y: number, [r, g, b]: Rgb): void {
		const i = (y * this.width + x) * 3;
		this.pixels[i] = r;
		this.pixels[i + 1] = g;
		this.pixels[i + 2] = b;
	}

	png(): Buffer {
		const raw = Buffer.alloc((this.width * 3 + 1) * this.height);
		for (let y = 0; y < this.height; y++) {
			raw[y * (this.width * 3 + 1)] = 0; // filter: none
			raw.set(
				this.pixels.subarray(y * this.width * 3, (y + 1) * this.width * 3),
				y * (this.width * 3 + 1) + 1
			);
		}
		const header = Buffer.alloc(13);
		header.writeUInt32BE(this.width, 0);
		header.writeUInt32BE(this.height, 4);
		header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
		return Buffer.concat([
			Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
			chunk('IHDR', header),
			chunk('IDAT', deflateSync(raw)),
			chunk('IEND', Buffer.alloc(0))
		]);
	}
}

function chunk(type: string, data: Buffer): Buffer {
	const length = Buffer.alloc(4);
	length.writeUInt32BE(data.length);
	const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(body) >>> 0);
	return Buffer.concat([length, body, crc]);
}

const colors = {
	ink: [18, 54, 92],
	food: [46, 125, 50],
	rest: [97, 97, 97],
	paper: [25, 118, 210],
	plastic: [245, 124, 0],
	light: [236, 241, 246],
	road: [189, 189, 189],
	park: [200, 230, 201],
	water: [187, 222, 251],
	pin: [198, 40, 40]
} as const satisfies Record<string, Rgb>;

/** A year of collection days as coloured bars: one row per waste type, one column per week. */
export function wasteCalendar(): Buffer {
	const pic = new Picture(560, 200, colors.light);
	const rows: [Rgb, number, number][] = [
		[colors.food, 1, 0],
		[colors.rest, 2, 0],
		[colors.paper, 4, 0],
		[colors.plastic, 4, 2]
	];
	rows.forEach(([color, every, offset], row) => {
		for (let week = 0; week < 52; week++) {
			const filled = (week - offset) % every === 0 && week >= offset;
			pic.rect(10 + week * 10.5, 20 + row * 44, 8, 32, filled ? color : [255, 255, 255]);
		}
	});
	return pic.png();
}

/** A simple street map with a pin: where the road works are, or where to go. */
export function streetMap(): Buffer {
	const pic = new Picture(480, 320, [250, 250, 245]);
	pic.rect(0, 230, 480, 90, colors.water);
	pic.rect(300, 30, 150, 120, colors.park);
	pic.rect(0, 150, 480, 24, colors.road);
	pic.rect(200, 0, 24, 230, colors.road);
	pic.rect(40, 40, 120, 80, colors.light);
	pic.circle(212, 162, 16, colors.pin);
	pic.circle(212, 162, 6, [255, 255, 255]);
	return pic.png();
}

/** A small logo-like mark, for inline use in a letter's HTML. */
export function heartMark(): Buffer {
	const pic = new Picture(64, 64, [255, 255, 255]);
	pic.circle(22, 24, 14, colors.pin);
	pic.circle(42, 24, 14, colors.pin);
	for (let y = 24; y < 56; y++) {
		const half = Math.max(0, 28 - (y - 24));
		pic.rect(32 - half, y, half * 2, 1, colors.pin);
	}
	return pic.png();
}
