package org.pcg.ir;

import com.palantir.javapoet.CodeBlock;
import java.util.List;

/** Softmax or log-softmax along one axis (default the last), computed without overflow. */
public final class Softmax extends BaseOp {

  private final boolean log;

  Softmax(String name, boolean log, String summary) {
    super(name, summary, 1, 1, AttrSpec.optional("axis", AttrSpec.Type.INT, -1));
    this.log = log;
  }

  /** True for log_softmax. */
  public boolean isLog() {
    return log;
  }

  @Override
  public Shape shape(List<Shape> args, Attrs attrs) throws ShapeException {
    Shape x = args.get(0);
    int axis = attrs.getInt("axis");
    if (!x.hasAxis(axis)) {
      throw new ShapeException(name() + " along axis " + axis + " of shape " + x
          + ": it has " + x.rank() + (x.rank() == 1 ? " axis" : " axes"));
    }
    return x;
  }

  @Override
  public OpCodegen codegen() {
    return log ? new LogCode() : new Code();
  }

  private static AxisLoops loops(OpEmit e) {
    return AxisLoops.of(e, e.attrs().getInt("axis"));
  }

  /**
   * The row maximum of argument 0 into a new local {@code max}, for a stable exponent;
   * {@code k} is the loop variable along the axis.
   */
  private static void rowMax(OpEmit e, AxisLoops l, CodeBlock.Builder b, String max,
      String k) {
    b.addStatement("$T $N = $L[$L]", e.elementType(), max, e.arg(0), l.at(CodeBlock.of("0")));
    l.along(b, k, CodeBlock.builder()
        .addStatement("$N = $L", max, e.math("max", CodeBlock.of("$N", max),
            CodeBlock.of("$L[$L]", e.arg(0), l.at(k))))
        .build());
  }

  /** y = exp(x - max) / sum; backward: y * (g - sum(g * y)). */
  private static final class Code implements OpCodegen {
    @Override
    public CodeBlock forward(OpEmit e) {
      AxisLoops l = loops(e);
      String max = e.local("max");
      String sum = e.local("sum");
      String k = e.local("k");
      String v = e.local("v");
      CodeBlock.Builder b = CodeBlock.builder();
      l.open(b);
      rowMax(e, l, b, max, k);
      b.addStatement("$T $N = 0", e.elementType(), sum);
      l.along(b, k, CodeBlock.builder()
          .addStatement("$T $N = $L", e.elementType(), v,
              e.math("exp", CodeBlock.of("$L[$L] - $N", e.arg(0), l.at(k), max)))
          .addStatement("$L[$L] =$W$N", e.out(), l.at(k), v)
          .addStatement("$N += $N", sum, v)
          .build());
      l.along(b, k, CodeBlock.builder()
          .addStatement("$L[$L] /= $N", e.out(), l.at(k), sum).build());
      l.close(b);
      return b.build();
    }

    @Override
    public CodeBlock backward(OpEmit e, int arg) {
      AxisLoops l = loops(e);
      String dot = e.local("dot");
      String k = e.local("k");
      CodeBlock y = CodeBlock.of("$L[$L]", e.out(), l.at(k));
      CodeBlock g = CodeBlock.of("$L[$L]", e.outGrad(), l.at(k));
      CodeBlock.Builder b = CodeBlock.builder();
      l.open(b);
      b.addStatement("$T $N = 0", e.elementType(), dot);
      l.along(b, k, CodeBlock.builder().addStatement("$N += $L * $L", dot, g, y).build());
      l.along(b, k, CodeBlock.builder()
          .addStatement("$L[$L] +=$W$L * ($L - $N)", e.argGrad(0), l.at(k), y, g, dot)
          .build());
      l.close(b);
      return b.build();
    }
  }

  /** y = x - max - log(sum(exp(x - max))); backward: g - exp(y) * sum(g). */
  private static final class LogCode implements OpCodegen {
    @Override
    public CodeBlock forward(OpEmit e) {
      AxisLoops l = loops(e);
      String max = e.local("max");
      String sum = e.local("sum");
      String shift = e.local("shift");
      String k = e.local("k");
      CodeBlock.Builder b = CodeBlock.builder();
      l.open(b);
      rowMax(e, l, b, max, k);
      b.addStatement("$T $N = 0", e.elementType(), sum);
      l.along(b, k, CodeBlock.builder()
          .addStatement("$N += $L", sum,
              e.math("exp", CodeBlock.of("$L[$L] - $N", e.arg(0), l.at(k), max)))
          .build());
      b.addStatement("$T $N = $N + $L", e.elementType(), shift, max,
          e.math("log", CodeBlock.of("$N", sum)));
      l.along(b, k, CodeBlock.builder()
          .addStatement("$L[$L] =$W$L[$L] - $N", e.out(), l.at(k), e.arg(0), l.at(k), shift)
          .build());
      l.close(b);
      return b.build();
    }

    @Override
    public CodeBlock backward(OpEmit e, int arg) {
      AxisLoops l = loops(e);
      String total = e.local("total");
      String k = e.local("k");
      CodeBlock g = CodeBlock.of("$L[$L]", e.outGrad(), l.at(k));
      CodeBlock.Builder b = CodeBlock.builder();
      l.open(b);
      b.addStatement("$T $N = 0", e.elementType(), total);
      l.along(b, k, CodeBlock.builder().addStatement("$N += $L", total, g).build());
      l.along(b, k, CodeBlock.builder()
          .addStatement("$L[$L] +=$W$L$W- $L * $N", e.argGrad(0), l.at(k), g,
              e.math("exp", CodeBlock.of("$L[$L]", e.out(), l.at(k))), total)
          .build());
      l.close(b);
      return b.build();
    }
  }

  static List<Op> all() {
    return List.of(
        new Softmax("softmax", false, "exp(x) / sum(exp(x)) along an axis."),
        new Softmax("log_softmax", true, "x - log(sum(exp(x))) along an axis."));
  }
}
