package org.pcg.ir;

import com.palantir.javapoet.CodeBlock;
import java.util.List;

/** Max and average pooling over per-sample images [channels, height, width]. */
final class PoolOps {

  private PoolOps() {}

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
      VisionOps.checkStrideAndPadding(stride, 0);
      int h = VisionOps.windows(x.dim(1), size, stride, 0);
      int w = VisionOps.windows(x.dim(2), size, stride, 0);
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
}
