package org.pcg.ir;

import com.palantir.javapoet.CodeBlock;
import java.util.List;

/**
 * Layer normalisation over the last axis: {@code (x - mean) / sqrt(var + eps) * gain + bias},
 * with gain and bias shaped like that axis.
 */
public final class LayerNorm extends BaseOp {

  LayerNorm() {
    super("layer_norm", "Normalises the last axis, then scales by gain and adds bias.", 3, 3,
        AttrSpec.optional("eps", AttrSpec.Type.FLOAT, 1e-5));
  }

  @Override
  public Shape shape(List<Shape> args, Attrs attrs) throws ShapeException {
    Shape x = args.get(0);
    if (x.rank() == 0) {
      throw new ShapeException("layer_norm needs at least one axis, got a scalar");
    }
    Shape want = Shape.of(x.dim(-1));
    for (int i = 1; i <= 2; i++) {
      if (!args.get(i).equals(want)) {
        throw new ShapeException("layer_norm of " + x + " needs " + (i == 1 ? "gain" : "bias")
            + " of shape " + want + ", got " + args.get(i));
      }
    }
    if (attrs.getFloat("eps") <= 0) {
      throw new ShapeException("layer_norm eps must be positive");
    }
    return x;
  }

  @Override
  public OpCodegen codegen() {
    return new Code();
  }

  /**
   * Row by row over the last axis (all samples' rows in one loop): the normalised row xhat
   * and 1 / sqrt(var + eps) are kept for the backward code, which uses
   * dx = rstd (dxhat - mean(dxhat) - xhat mean(dxhat xhat)) with dxhat = g gain.
   */
  private static final class Code implements OpCodegen {

    @Override
    public CodeBlock forward(OpEmit e) {
      Rows r = Rows.of(e);
      String mean = e.local("mean");
      String var = e.local("var");
      String rstd = e.local("rstd");
      String d = e.local("d");
      CodeBlock.Builder b = r.open();
      b.addStatement("$T $N = 0", e.elementType(), mean);
      r.along(b, CodeBlock.builder().addStatement("$N += $L", mean, r.x()).build());
      b.addStatement("$N /= $L", mean, e.lit(r.width));
      b.addStatement("$T $N = 0", e.elementType(), var);
      r.along(b, CodeBlock.builder()
          .addStatement("$T $N = $L - $N", e.elementType(), d, r.x(), mean)
          .addStatement("$N += $N * $N", var, d, d).build());
      b.addStatement("$T $N = $L / $L", e.elementType(), rstd, e.lit(1), e.math("sqrt",
          CodeBlock.of("$N / $L + $L", var, e.lit(r.width), e.lit(e.attrs().getFloat("eps")))));
      b.addStatement("$L[$N] = $N", r.rstd(), r.row, rstd);
      r.along(b, CodeBlock.builder()
          .addStatement("$L = ($L - $N) * $N", r.xhat(), r.x(), mean, rstd)
          .addStatement("$L[$L] =$W$L * $L$W+ $L", e.out(), r.at(), r.xhat(), r.param(1),
              r.param(2))
          .build());
      return r.close(b).build();
    }

    @Override
    public CodeBlock backward(OpEmit e, int arg) {
      Rows r = Rows.of(e);
      CodeBlock g = CodeBlock.of("$L[$L]", e.outGrad(), r.at());
      if (arg > 0) {
        CodeBlock term = arg == 1 ? CodeBlock.of("$L * $L", g, r.xhat()) : g;
        CodeBlock.Builder b = r.open();
        r.along(b, CodeBlock.builder()
            .addStatement("$L[$L] +=$W$L", e.argGrad(arg), r.paramAt(arg), term).build());
        return r.close(b).build();
      }
      String m1 = e.local("meanGrad");
      String m2 = e.local("meanGradXhat");
      CodeBlock dxhat = CodeBlock.of("$L * $L", g, r.param(1));
      CodeBlock.Builder b = r.open();
      b.addStatement("$T $N = 0", e.elementType(), m1);
      b.addStatement("$T $N = 0", e.elementType(), m2);
      r.along(b, CodeBlock.builder()
          .addStatement("$N += $L", m1, dxhat)
          .addStatement("$N +=$W$L * $L", m2, dxhat, r.xhat()).build());
      b.addStatement("$N /= $L", m1, e.lit(r.width));
      b.addStatement("$N /= $L", m2, e.lit(r.width));
      r.along(b, CodeBlock.builder()
          .addStatement("$L[$L] +=$W$L[$N] *$W($L - $N$W- $L * $N)", e.argGrad(0), r.xAt(),
              r.rstd(), r.row, dxhat, m1, r.xhat(), m2).build());
      return r.close(b).build();
    }
  }

  /** The loops over rows of the last axis, and where a row's elements and params are. */
  private static final class Rows {
    private final OpEmit e;
    private final int width;
    private final int rowsPerSample;
    private final String row;
    private final String j;

    private Rows(OpEmit e) {
      this.e = e;
      this.width = e.shape().dim(-1);
      this.rowsPerSample = e.shape().size() / width;
      this.row = e.local("r");
      this.j = e.local("j");
    }

    static Rows of(OpEmit e) {
      return new Rows(e);
    }

    CodeBlock.Builder open() {
      return CodeBlock.builder().beginControlFlow("for (int $N = 0; $N < $L; $N++)", row, row,
          e.count(rowsPerSample), row);
    }

    CodeBlock.Builder close(CodeBlock.Builder b) {
      return b.endControlFlow();
    }

    void along(CodeBlock.Builder b, CodeBlock body) {
      b.beginControlFlow("for (int $N = 0; $N < $L; $N++)", j, j, width, j)
          .add(body)
          .endControlFlow();
    }

    /** The flat index of element j of the current row. */
    CodeBlock at() {
      return CodeBlock.of("$N * $L + $N", row, width, j);
    }

    CodeBlock x() {
      return CodeBlock.of("$L[$L]", e.arg(0), xAt());
    }

    /** Where element j of the current row is in x, which the batch may broadcast. */
    CodeBlock xAt() {
      if (e.batched(0) || !e.batched()) {
        return at();
      }
      return CodeBlock.of("$N % $L * $L + $N", row, rowsPerSample, width, j);
    }

    CodeBlock xhat() {
      return CodeBlock.of("$L[$L]", e.scratch("xhat", e.shape().size(), e.batched()), at());
    }

    CodeBlock rstd() {
      return e.scratch("rstd", rowsPerSample, e.batched());
    }

    /** Where element j of gain (1) or bias (2) is for the current row. */
    CodeBlock paramAt(int arg) {
      if (!e.batched(arg)) {
        return CodeBlock.of("$N", j);
      }
      CodeBlock sample = rowsPerSample == 1
          ? CodeBlock.of("$N", row)
          : CodeBlock.of("$N / $L", row, rowsPerSample);
      return CodeBlock.of("$L * $L + $N", sample, width, j);
    }

    CodeBlock param(int arg) {
      return CodeBlock.of("$L[$L]", e.arg(arg), paramAt(arg));
    }
  }
}
