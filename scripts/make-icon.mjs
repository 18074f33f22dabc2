// Draws Jumpgate's icon (an arch — the gate — over a prompt chevron, on a rounded square) into
// build/icon.png at 1024×1024, with anti-aliasing from signed distances. No image tools needed.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 1024;
const pixels = Buffer.alloc(SIZE * SIZE * 4);

const clamp = (v) => Math.max(0, Math.min(1, v));
const mix = (a, b, t) => a + (b - a) * t;
function roundedBox(x, y, cx, cy, hw, hh, r) {
  const qx = Math.abs(x - cx) - hw + r;
  const qy = Math.abs(y - cy) - hh + r;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}
function segment(x, y, ax, ay, bx, by) {
  const px = x - ax,
    py = y - ay,
    dx = bx - ax,
    dy = by - ay;
  const h = clamp((px * dx + py * dy) / (dx * dx + dy * dy));
  return Math.hypot(px - dx * h, py - dy * h);
}
function arch(x, y) {
  // An upper half-ring with straight legs: the gate.
  const cx = 512,
    cy = 470,
    radius = 250,
    half = 46;
  if (y <= cy) return Math.abs(Math.hypot(x - cx, y - cy) - radius) - half;
  const leg = Math.min(Math.abs(x - (cx - radius)), Math.abs(x - (cx + radius))) - half;
  return Math.max(leg, y - 800);
}
function chevron(x, y) {
  return Math.min(segment(x, y, 420, 520, 520, 610), segment(x, y, 520, 610, 420, 700)) - 34;
}
function paint(x, y, color, alpha) {
  const i = (y * SIZE + x) * 4;
  for (let c = 0; c < 3; c++) pixels[i + c] = Math.round(mix(pixels[i + c], color[c], alpha));
  pixels[i + 3] = Math.round(mix(pixels[i + 3], 255, alpha));
}
for (let y = 0; y < SIZE; y++) {
  for (let x = 0; x < SIZE; x++) {
    const cx = x + 0.5,
      cy = y + 0.5;
    const box = clamp(0.5 - roundedBox(cx, cy, 512, 512, 440, 440, 190));
    if (box > 0) {
      const t = cy / SIZE;
      paint(x, y, [mix(28, 14, t), mix(34, 20, t), mix(48, 30, t)], box);
    }
    const gate = clamp(0.5 - arch(cx, cy));
    if (gate > 0) {
      const t = clamp((cx - 262) / 500);
      paint(x, y, [mix(45, 120, t), mix(212, 140, t), mix(191, 255, t)], gate);
    }
    const prompt = clamp(0.5 - chevron(cx, cy));
    if (prompt > 0) paint(x, y, [236, 240, 245], prompt);
  }
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}
function crc32(buffer) {
  let crc = ~0;
  for (const byte of buffer) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}
const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8; // bit depth
header[9] = 6; // RGBA
const rows = Buffer.alloc((SIZE * 4 + 1) * SIZE);
for (let y = 0; y < SIZE; y++) pixels.copy(rows, y * (SIZE * 4 + 1) + 1, y * SIZE * 4, (y + 1) * SIZE * 4);
const png = Buffer.concat([
  Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(rows, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync(process.argv[2] ?? 'build/icon.png', png);
