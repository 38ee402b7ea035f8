package org.pcg.ir;

import com.palantir.javapoet.CodeBlock;
import java.util.List;

/**
 * Sum or mean over one axis of a sample (the axis disappears), or over the whole sample
 * when no axis is given (the result is a scalar per sample). Never reduces over the batch.
 */
public final class Reduce extends BaseOp {

  private final boolean mean;

  Reduce(String name, boolean mean, String summary) {
    super(name, summary, 1, 1, AttrSpec.maybe("axis", AttrSpec.Type.INT));
    this.mean = mean;
  }

  /** True for mean, false for sum. */
  public boolean isMean() {
    return mean;
  }

  @Override
  public Shape shape(List<Shape> args, Attrs attrs) throws ShapeException {
    Shape x = args.get(0);
    if (!attrs.has("axis")) {
      return Shape.SCALAR;
    }
    int axis = attrs.getInt("axis");
    if (!x.hasAxis(axis)) {
      throw new ShapeException(name() + " over axis " + axis + " of shape " + x
          + ": it has " + x.rank() + (x.rank() == 1 ? " axis" : " axes"));
    }
    int a = x.normalizeAxis(axis);
    int[] dims = x.dims();
    int[] out = new int[dims.length - 1];
    for (int i = 0, j = 0; i < dims.length; i++) {
      if (i != a) {
        out[j++] = dims[i];
      }
    }
    return Shape.of(out);
  }

  @Override
  public OpCodegen codegen() {
    return new Code(mean);
  }

  /** Sums along the axis (all of the sample without one); the mean divides. */
  private static final class Code implements OpCodegen {
    private final boolean mean;

    Code(boolean mean) {
      this.mean = mean;
    }

    private static AxisLoops loops(OpEmit e) {
      return AxisLoops.of(e, e.attrs().has("axis") ? e.attrs().getInt("axis") : null);
    }

    @Override
    public CodeBlock forward(OpEmit e) {
      AxisLoops l = loops(e);
      String k = e.local("k");
      String acc = e.local("acc");
      CodeBlock.Builder b = CodeBlock.builder();
      l.open(b);
      b.addStatement("$T $N = 0", e.elementType(), acc);
      l.along(b, k, CodeBlock.builder()
          .addStatement("$N += $L[$L]", acc, e.arg(0), l.at(k)).build());
      b.addStatement("$L[$L] = $L", e.out(), l.reduced(),
          mean ? CodeBlock.of("$N / $L", acc, e.lit(l.length())) : CodeBlock.of("$N", acc));
      l.close(b);
      return b.build();
    }

    @Override
    public CodeBlock backward(OpEmit e, int arg) {
      AxisLoops l = loops(e);
      String k = e.local("k");
      CodeBlock g = CodeBlock.of("$L[$L]", e.outGrad(), l.reduced());
      CodeBlock.Builder b = CodeBlock.builder();
      l.open(b);
      l.along(b, k, CodeBlock.builder().addStatement("$L[$L] += $L", e.argGrad(0), l.at(k),
          mean ? CodeBlock.of("$L / $L", g, e.lit(l.length())) : g).build());
      l.close(b);
      return b.build();
    }
  }

  static List<Op> all() {
    return List.of(
        new Reduce("sum", false, "Sum over an axis, or over the whole sample."),
        new Reduce("mean", true, "Mean over an axis, or over the whole sample."));
  }
}
