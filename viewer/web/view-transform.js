// From layout units to screen pixels, with a scale of its own for each axis. A task graph is
// often thousands of rows tall and ten columns wide: fitted at one scale it would be a sliver.
// So the vertical scale follows the zoom, while the horizontal one never drops below what
// spreads the columns over the width; once zoomed in past that the two are equal and the
// layout shows undistorted, with room for its labels.

export class ViewTransform {
  constructor(kx, ky, tx, ty) {
    Object.assign(this, { kx, ky, tx, ty });
  }

  x(gx) {
    return gx * this.kx + this.tx;
  }

  y(gy) {
    return gy * this.ky + this.ty;
  }

  invert(sx, sy) {
    return [(sx - this.tx) / this.kx, (sy - this.ty) / this.ky];
  }
}

/**
 * Follows d3-zoom's transform (which scales both axes alike) into a ViewTransform whose
 * horizontal scale is at least `minKx`, zooming about the pointer on both axes.
 */
export class StretchedZoom {
  constructor(minKx) {
    this.minKx = minKx;
    this.last = null;
    this.kx = 1;
    this.tx = 0;
  }

  /** Places the horizontal axis: `gx` at screen `sx`, with the zoom at `k`. */
  reset(k, gx, sx) {
    this.kx = Math.max(k, this.minKx);
    this.tx = sx - this.kx * gx;
    this.last = null;
  }

  /**
   * @param t        d3-zoom's transform {k, x, y}
   * @param anchorX  where a change of zoom holds still: the pointer's x, or the centre
   */
  follow(t, anchorX) {
    if (this.last && t.k !== this.last.k) {
      const gx = (anchorX - this.tx) / this.kx;
      this.kx = Math.max(t.k, this.minKx);
      this.tx = anchorX - this.kx * gx;
    } else if (this.last) {
      this.tx += t.x - this.last.x; // a pan
    }
    this.last = t;
    return new ViewTransform(this.kx, t.k, this.tx, t.y);
  }
}
