package org.pcg.ir;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
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

    @Override
    public OpCodegen codegen() {
      return new ConvCode();
    }
  }

  /**
   * Convolution as im2col and one matrix product per sample: column p of the [C kh kw, OH OW]
   * matrix holds the (padded) input window of output position p, so out = W cols with W
   * read as [O, C kh kw]. The columns are kept for the backward products.
   *
   * <p>One sample at a time keeps a sample's columns in the core's cache while its product
   * reads them; the whole batch as one product (columns side by side) measured 10% slower on
   * the LeNet sample, its columns being megabytes.
   */
  private static final class ConvCode implements OpCodegen {

    @Override
    public CodeBlock forward(OpEmit e) {
      Conv c = Conv.of(e);
      if (c.direct(e)) {
        return CodeBlock.builder()
            .beginControlFlow("if ($L)", e.convDirect(c.outC, e.arg(0)))
            .add(e.convForward(c.shape(), c.outC, e.arg(0), e.arg(1), e.out()))
            .nextControlFlow("else")
            .add(productsForward(e, c))
            .endControlFlow()
            .build();
      }
      return productsForward(e, c);
    }

    /** im2col and one product per sample; the columns are kept for the backward code. */
    private static CodeBlock productsForward(OpEmit e, Conv c) {
      String s = e.local("s");
      return CodeBlock.builder()
          .beginControlFlow("for (int $N = 0; $N < $L; $N++)", s, s, e.count(1), s)
          .add(e.im2col(c.shape(), e.arg(0), e.offset(0, s), c.cols(e), c.colsOffset(e, s)))
          .add(e.gemm(false, false, lit(c.outC), lit(c.positions), lit(c.rows),
              new OpEmit.Matrix(e.arg(1), e.offset(1, s), c.rows),
              new OpEmit.Matrix(c.cols(e), c.colsOffset(e, s), c.positions),
              new OpEmit.Matrix(e.out(), e.offset(s), c.positions), false))
          .endControlFlow()
          .build();
    }

    @Override
    public CodeBlock backward(OpEmit e, int arg) {
      Conv c = Conv.of(e);
      if (arg == 1 && c.direct(e)) {
        return CodeBlock.builder()
            .beginControlFlow("if ($L)", e.convDirect(c.outC, e.arg(0)))
            .add(e.convWeightGradient(c.shape(), c.outC, e.arg(0), e.outGrad(), e.argGrad(1)))
            .nextControlFlow("else")
            .add(productsBackward(e, c, arg))
            .endControlFlow()
            .build();
      }
      return productsBackward(e, c, arg);
    }

    private static CodeBlock productsBackward(OpEmit e, Conv c, int arg) {
      String s = e.local("s");
      OpEmit.Matrix g = new OpEmit.Matrix(e.outGrad(), e.offset(s), c.positions);
      CodeBlock.Builder b = CodeBlock.builder()
          .beginControlFlow("for (int $N = 0; $N < $L; $N++)", s, s, e.count(1), s);
      if (arg == 1) {
        b.add(e.gemm(false, true, lit(c.outC), lit(c.rows), lit(c.positions), g,
            new OpEmit.Matrix(c.cols(e), c.colsOffset(e, s), c.positions),
            new OpEmit.Matrix(e.argGrad(1), e.offset(1, s), c.rows), true));
      } else {
        b.add(e.gemm(true, false, lit(c.rows), lit(c.positions), lit(c.outC),
            new OpEmit.Matrix(e.arg(1), e.offset(1, s), c.rows), g,
            new OpEmit.Matrix(c.colsGrad(e), CodeBlock.of("0"), c.positions), false));
        b.add(e.col2im(c.shape(), c.colsGrad(e), CodeBlock.of("0"), e.argGrad(0),
            e.offset(0, s)));
      }
      return b.endControlFlow().build();
    }

    private static CodeBlock lit(int v) {
      return CodeBlock.of("$L", v);
    }
  }

  /**
   * The sizes of one convolution: C input channels of H x W, O output channels of
   * outH x outW, kernels kh x kw, {@code rows} = C kh kw and {@code positions} = outH outW.
   */
  private record Conv(int inC, int inH, int inW, int outC, int kh, int kw, int outH, int outW,
      int stride, int padding, int rows, int positions) {

    static Conv of(OpEmit e) {
      Shape x = e.shape(0);
      Shape w = e.shape(1);
      Shape y = e.shape();
      return new Conv(x.dim(0), x.dim(1), x.dim(2), w.dim(0), w.dim(2), w.dim(3), y.dim(1),
          y.dim(2), e.attrs().getInt("stride"), e.attrs().getInt("padding"),
          x.dim(0) * w.dim(2) * w.dim(3), y.dim(1) * y.dim(2));
    }

    OpEmit.ConvShape shape() {
      return new OpEmit.ConvShape(inC, inH, inW, kh, kw, stride, padding);
    }

    CodeBlock cols(OpEmit e) {
      return e.scratch("cols", rows * positions, e.batched());
    }

    CodeBlock colsGrad(OpEmit e) {
      return e.scratch("cols_grad", rows * positions, false);
    }

    CodeBlock colsOffset(OpEmit e, String s) {
      return e.batched() ? CodeBlock.of("$N * $L", s, rows * positions) : CodeBlock.of("0");
    }

    /**
     * Whether the generated code may take the direct path at run time: a batch of float
     * images convolved by one set of weights ({@code OpEmit.convDirect} decides the rest).
     */
    boolean direct(OpEmit e) {
      return e.batched(0) && !e.batched(1) && e.elementType().equals(TypeName.FLOAT);
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

    @Override
    public OpCodegen codegen() {
      return new PoolCode(max);
    }
  }

  /**
   * Pooling over every channel of every sample at once: the rows of the loops are
   * (sample, channel) pairs. Max pooling records where each maximum came from: the first
   * element above all before it, so the earliest of equal maxima. The maximum itself is
   * Math.max's, which has no branch; as a float conditional it was a branch (x86 has no
   * conditional move for floats), mispredicted at random in every window, and a 2 x 2 max
   * pool over 64 x 16 x 10 x 10 values took 340 us instead of 170 us. Its index is picked
   * without a branch too ({@code Kernels.indexIfAbove}): as {@code v > best ? at : where} it
   * stayed a branch on an AMD Zen 5 host, where the same pool took 350 us. A NaN in a window
   * makes its maximum NaN.
   */
  private static final class PoolCode implements OpCodegen {
    private final boolean max;

    PoolCode(boolean max) {
      this.max = max;
    }

    @Override
    public CodeBlock forward(OpEmit e) {
      Window w = Window.of(e);
      String best = e.local(max ? "best" : "acc");
      String where = e.local("where");
      CodeBlock.Builder b = w.open(e);
      if (max) {
        b.addStatement("$T $N = $L[$L]", e.elementType(), best, e.arg(0), w.corner())
            .addStatement("int $N = $L", where, w.corner());
      } else {
        b.addStatement("$T $N = 0", e.elementType(), best);
      }
      String v = e.local("v");
      b.add(w.overWindow(e, at -> max
          ? CodeBlock.builder()
              .addStatement("$T $N = $L[$L]", e.elementType(), v, e.arg(0), at)
              .addStatement("$N = $L", where, e.kernel("indexIfAbove", CodeBlock.of("$N", v),
                  CodeBlock.of("$N", best), at, CodeBlock.of("$N", where)))
              .addStatement("$N = $L", best, e.math("max", CodeBlock.of("$N", best),
                  CodeBlock.of("$N", v)))
              .build()
          : CodeBlock.builder().addStatement("$N += $L[$L]", best, e.arg(0), at).build()));
      if (max) {
        b.addStatement("$L[$L] = $N", e.out(), w.outAt(), best)
            .addStatement("$L[$L] = $N", w.argmax(e), w.outAt(), where);
      } else {
        b.addStatement("$L[$L] = $N / $L", e.out(), w.outAt(), best,
            e.lit(w.size * w.size));
      }
      return w.close(b).build();
    }

    @Override
    public CodeBlock backward(OpEmit e, int arg) {
      Window w = Window.of(e);
      if (max && e.freshGrad(0)) {
        return maxBackWritten(e, w);
      }
      if (max) {
        String o = e.local("o");
        return CodeBlock.builder()
            .beginControlFlow("for (int $N = 0; $N < $L; $N++)", o, o, e.count(e.shape().size()),
                o)
            .addStatement("$L[$L[$N]] += $L[$N]", e.argGrad(0), w.argmax(e), o, e.outGrad(), o)
            .endControlFlow()
            .build();
      }
      String assign = e.freshGrad(0) ? "=" : "+=";
      CodeBlock.Builder b = w.open(e);
      b.add(w.overWindow(e, at -> CodeBlock.builder().addStatement("$L[$L] $L$W$L[$L] / $L",
          e.argGrad(0), at, assign, e.outGrad(), w.outAt(), e.lit(w.size * w.size)).build()));
      return w.close(b).build();
    }

    /** Windows that tile the image exactly give every input element one contribution. */
    @Override
    public boolean writesGrad(OpEmit e, int arg) {
      return Window.of(e).tiles();
    }

    /**
     * Max pooling's gradient written whole: zeros, then each sent-back element at its
     * window's maximum (the windows tile the input, so no two share a maximum). Asking each
     * input element whether it is its window's maximum was a branch the JIT could keep, and
     * one in four taken at random is a misprediction in every window.
     */
    private static CodeBlock maxBackWritten(OpEmit e, Window w) {
      String o = e.local("o");
      return CodeBlock.builder()
          .addStatement("$T.fill($L, 0, $L, $L)", java.util.Arrays.class, e.argGrad(0),
              e.count(0, e.shape(0).size()), e.lit(0))
          .beginControlFlow("for (int $N = 0; $N < $L; $N++)", o, o, e.count(e.shape().size()),
              o)
          .addStatement("$L[$L[$N]] = $L[$N]", e.argGrad(0), w.argmax(e), o, e.outGrad(), o)
          .endControlFlow()
          .build();
    }
  }

  /** The loops of one pooling: rows of H x W images, windows of size x size. */
  private static final class Window {
    private final int channels;
    private final int inH;
    private final int inW;
    private final int outH;
    private final int outW;
    private final int size;
    private final int stride;
    private String row;
    private String oh;
    private String ow;

    private Window(Shape x, Shape y, int size, int stride) {
      this.channels = x.dim(0);
      this.inH = x.dim(1);
      this.inW = x.dim(2);
      this.outH = y.dim(1);
      this.outW = y.dim(2);
      this.size = size;
      this.stride = stride;
    }

    static Window of(OpEmit e) {
      return new Window(e.shape(0), e.shape(), e.attrs().getInt("size"),
          Pool.stride(e.attrs()));
    }

    /** Whether the windows cover every input element exactly once. */
    boolean tiles() {
      return stride == size && outH * size == inH && outW * size == inW;
    }

    CodeBlock argmax(OpEmit e) {
      return e.intScratch("argmax", e.shape().size(), e.batched());
    }

    /** Opens the loops over rows and output positions. */
    CodeBlock.Builder open(OpEmit e) {
      row = e.local("r");
      oh = e.local("oh");
      ow = e.local("ow");
      return CodeBlock.builder()
          .beginControlFlow("for (int $N = 0; $N < $L; $N++)", row, row, e.count(channels),
              row)
          .beginControlFlow("for (int $N = 0; $N < $L; $N++)", oh, oh, outH, oh)
          .beginControlFlow("for (int $N = 0; $N < $L; $N++)", ow, ow, outW, ow);
    }

    CodeBlock.Builder close(CodeBlock.Builder b) {
      return b.endControlFlow().endControlFlow().endControlFlow();
    }

    /** The flat index of the current output element. */
    CodeBlock outAt() {
      return CodeBlock.of("($N * $L + $N) * $L + $N", row, outH, oh, outW, ow);
    }

    /** The flat input index of window element (ki, kj) of the current output element. */
    CodeBlock at(CodeBlock ki, CodeBlock kj) {
      return CodeBlock.of("($N * $L + $N * $L + $L) * $L + $N * $L + $L", row, inH, oh, stride,
          ki, inW, ow, stride, kj);
    }

    /** The flat input index of the window's first element. */
    CodeBlock corner() {
      return CodeBlock.of("($N * $L + $N * $L) * $L + $N * $L", row, inH, oh, stride, inW, ow,
          stride);
    }

    /** Loops over the window around {@code body} of the element's input index. */
    CodeBlock overWindow(OpEmit e, java.util.function.Function<CodeBlock, CodeBlock> body) {
      String ki = e.local("ki");
      String kj = e.local("kj");
      return CodeBlock.builder()
          .beginControlFlow("for (int $N = 0; $N < $L; $N++)", ki, ki, size, ki)
          .beginControlFlow("for (int $N = 0; $N < $L; $N++)", kj, kj, size, kj)
          .add(body.apply(at(CodeBlock.of("$N", ki), CodeBlock.of("$N", kj))))
          .endControlFlow()
          .endControlFlow()
          .build();
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
