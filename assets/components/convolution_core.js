// Shared by the browser components that filter pictures (pages/instant.py puts it before each
// one's own code): a k × k window sum over a padded gray picture, the Convolution page's
// "mirror" border, and core.convolution.display_image's four scalings. Each follows core's
// definition, and browser tests compare the pixels drawn with core's.

// Base64 to bytes, in a plain loop: Uint8Array.from with a mapping function took milliseconds
// for a 256 × 256 grid, on every let go that redrew one.
function decode(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

// NumPy's rint: halves go to the even neighbour.
function rint(x) {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

// core.convolution.correlate2d on a picture padded by (side - 1) / 2 pixels each side:
// every output pixel is Σ weight · pixel over its side × side window (kernel is row by row).
function correlatePadded(padded, rows, cols, kernel, side) {
  const width = cols + side - 1;
  const values = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      let sum = 0;
      for (let a = 0; a < side; a++) {
        const start = (r + a) * width + c;
        const weights = a * side;
        for (let b = 0; b < side; b++) sum += kernel[weights + b] * padded[start + b];
      }
      values[r * cols + c] = sum;
    }
  }
  return values;
}

// core.convolution.pad_image(gray, side, padding="mirror"), NumPy's "reflect": the border
// repeats the pixels next to the edge, not the edge itself (3 2 | 1 2 3 4 | 3 2).
function padMirror(gray, rows, cols, side, into) {
  const pad = (side - 1) / 2;
  const width = cols + 2 * pad;
  const padded = into && into.length === width * (rows + 2 * pad)
    ? into : new Float64Array(width * (rows + 2 * pad));
  const reflect = (i, n) => (i < 0 ? -i : i >= n ? 2 * (n - 1) - i : i);
  for (let r = -pad; r < rows + pad; r++) {
    const source = reflect(r, rows) * cols;
    const target = (r + pad) * width + pad;
    for (let c = -pad; c < cols + pad; c++) padded[target + c] = gray[source + reflect(c, cols)];
  }
  return padded;
}

// core.convolution.display_image, for the four scalings the page offers (it halves first).
function colours(values, scaling, table, rgba) {
  rgba = rgba && rgba.length === values.length * 4 ? rgba : new Uint8ClampedArray(values.length * 4);
  let low = Infinity, high = -Infinity;
  for (const value of values) {
    low = Math.min(low, value / 2);
    high = Math.max(high, value / 2);
  }
  const limit = Math.max(Math.abs(low), Math.abs(high));
  const middle = (table.length / 3 - 1) / 2;
  for (let i = 0, at = 0; i < values.length; i++, at += 4) {
    const half = values[i] / 2;
    if (scaling === "diverging") {
      const index = 3 * rint(((limit > 0 ? half / limit : 0) + 1) * middle);
      rgba[at] = table[index];
      rgba[at + 1] = table[index + 1];
      rgba[at + 2] = table[index + 2];
    } else {
      let grey;
      if (scaling === "absolute") grey = Math.abs(half) * 2;
      else if (scaling === "clip") grey = half * 2;
      else grey = high === low ? 128 : ((half - low) / (high - low)) * 255;
      rgba[at] = rgba[at + 1] = rgba[at + 2] = rint(Math.min(255, Math.max(0, grey)));
    }
    rgba[at + 3] = 255;
  }
  return rgba;
}
