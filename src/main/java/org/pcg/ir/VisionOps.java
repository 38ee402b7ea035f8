package org.pcg.ir;

import java.util.List;

/** Convolution and pooling on per-sample images laid out [channels, height, width]. */
public final class VisionOps {

  private VisionOps() {}

  static List<Op> all() {
    return List.of(new Conv2d(), new Pool("max_pool", true), new Pool("avg_pool", false));
  }

  /** Output length of a sliding window along one axis, or -1 when the window does not fit. */
  static int windows(int in, int kernel, int stride, int padding) {
    int span = in + 2 * padding - kernel;
    return span < 0 ? -1 : span / stride + 1;
  }

  /** 2-D cross-correlation of x [C, H, W] with w [O, C, kh, kw]; add a bias separately. */
  public static final class Conv2d extends BaseOp {
    Conv2d() {
      super("conv2d", "2-D convolution of [C, H, W] with weights [O, C, kh, kw].", 2, 2,
          AttrSpec.optional("stride", AttrSpec.Type.INT, 1),
          AttrSpec.optional("padding", AttrSpec.Type.INT, 0));
    }

    @Override
    public Shape shape(List<Shape> args, Attrs attrs) throws ShapeException {
      Shape x = args.get(0);
      Shape w = args.get(1);
      int stride = attrs.getInt("stride");
      int padding = attrs.getInt("padding");
      if (x.rank() != 3 || w.rank() != 4) {
        throw new ShapeException("conv2d needs an image [C, H, W] and weights [O, C, kh, kw],"
            + " got " + x + " and " + w);
      }
      if (x.dim(0) != w.dim(1)) {
        throw new ShapeException("conv2d of " + x + " with weights " + w + ": the image has "
            + x.dim(0) + " channels, the weights expect " + w.dim(1));
      }
      checkStrideAndPadding(stride, padding);
      int h = windows(x.dim(1), w.dim(2), stride, padding);
      int wd = windows(x.dim(2), w.dim(3), stride, padding);
      if (h < 1 || wd < 1) {
        throw new ShapeException("conv2d kernel " + w.dim(2) + "x" + w.dim(3)
            + " does not fit image " + x + " with padding " + padding);
      }
      return Shape.of(w.dim(0), h, wd);
    }
  }

  /** Max or average over size x size windows of each channel. */
  public static final class Pool extends BaseOp {
    private final boolean max;

    Pool(String name, boolean max) {
      super(name, (max ? "Maximum" : "Mean") + " over size x size windows of each channel.",
          1, 1,
          AttrSpec.optional("size", AttrSpec.Type.INT, 2),
          AttrSpec.maybe("stride", AttrSpec.Type.INT));
      this.max = max;
    }

    public boolean isMax() {
      return max;
    }

    /** The stride of this application: as given, or the window size. */
    public static int stride(Attrs attrs) {
      return attrs.has("stride") ? attrs.getInt("stride") : attrs.getInt("size");
    }

    @Override
    public Shape shape(List<Shape> args, Attrs attrs) throws ShapeException {
      Shape x = args.get(0);
      int size = attrs.getInt("size");
      int stride = stride(attrs);
      if (x.rank() != 3) {
        throw new ShapeException(name() + " needs an image [C, H, W], got " + x);
      }
      if (size < 1) {
        throw new ShapeException(name() + " size must be positive, got " + size);
      }
      checkStrideAndPadding(stride, 0);
      int h = windows(x.dim(1), size, stride, 0);
      int w = windows(x.dim(2), size, stride, 0);
      if (h < 1 || w < 1) {
        throw new ShapeException(name() + " window " + size + " does not fit image " + x);
      }
      return Shape.of(x.dim(0), h, w);
    }
  }

  private static void checkStrideAndPadding(int stride, int padding) throws ShapeException {
    if (stride < 1) {
      throw new ShapeException("stride must be positive, got " + stride);
    }
    if (padding < 0) {
      throw new ShapeException("padding must not be negative, got " + padding);
    }
  }
}
