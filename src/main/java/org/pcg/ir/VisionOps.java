package org.pcg.ir;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import java.util.List;

/**
 * Convolution and pooling on per-sample images laid out [channels, height, width]; pooling's
 * code is in {@link PoolOps}.
 */
public final class VisionOps {

  private VisionOps() {}

  static List<Op> all() {
    return List.of(new Conv2d(), new PoolOps.Pool("max_pool", true),
        new PoolOps.Pool("avg_pool", false));
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
      return c.direct(e)
          ? chosen(e, c, e.convForward(c.shape(), c.outC, e.arg(0), e.arg(1), e.out()),
              productsForward(e, c))
          : productsForward(e, c);
    }

    /** The direct code where ConvKernels.direct allows it at run time, else the products. */
    private static CodeBlock chosen(OpEmit e, Conv c, CodeBlock direct, CodeBlock products) {
      return CodeBlock.builder()
          .beginControlFlow("if ($L)", e.convDirect(c.outC))
          .add(direct)
          .nextControlFlow("else")
          .add(products)
          .endControlFlow()
          .build();
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
      return arg == 1 && c.direct(e)
          ? chosen(e, c, e.convWeightGradient(c.shape(), c.outC, e.arg(0), e.outGrad(),
              e.argGrad(1)), productsBackward(e, c, arg))
          : productsBackward(e, c, arg);
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

  static void checkStrideAndPadding(int stride, int padding) throws ShapeException {
    if (stride < 1) {
      throw new ShapeException("stride must be positive, got " + stride);
    }
    if (padding < 0) {
      throw new ShapeException("padding must not be negative, got " + padding);
    }
  }
}
