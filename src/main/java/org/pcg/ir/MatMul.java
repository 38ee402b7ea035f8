package org.pcg.ir;

import com.palantir.javapoet.CodeBlock;
import java.util.List;

/**
 * Matrix product {@code a @ b} of per-sample tensors of rank 1 or 2, as NumPy's matmul:
 * [m, k] @ [k, n] is [m, n]; a vector on the left is a row, on the right a column, and its
 * dimension is dropped from the result ([m, k] @ [k] is [m]; [k] @ [k] is a scalar).
 *
 * <p>Code: every product is one call of the matrix kernel, transposition flags in place of
 * transposed copies. A batched left operand times an unbatched right one stacks the samples
 * into one tall product; an unbatched matrix times a batched vector is one product with the
 * samples as rows, {@code X W^T}; other batched cases run one product per sample.
 */
public final class MatMul extends BaseOp {

  MatMul() {
    super("matmul", "Matrix product, written a @ b; vectors act as rows or columns.", 2, 2);
  }

  @Override
  public Shape shape(List<Shape> args, Attrs attrs) throws ShapeException {
    Shape a = args.get(0);
    Shape b = args.get(1);
    if (a.rank() < 1 || a.rank() > 2 || b.rank() < 1 || b.rank() > 2) {
      throw new ShapeException("@ needs vectors or matrices, got " + a + " @ " + b);
    }
    int ka = a.dim(-1);
    int kb = b.rank() == 1 ? b.dim(0) : b.dim(0);
    if (ka != kb) {
      throw new ShapeException(
          "shape " + a + " @ " + b + " does not line up: " + ka + " vs " + kb);
    }
    if (a.rank() == 2 && b.rank() == 2) {
      return Shape.of(a.dim(0), b.dim(1));
    }
    if (a.rank() == 2) {
      return Shape.of(a.dim(0));
    }
    return b.rank() == 2 ? Shape.of(b.dim(1)) : Shape.SCALAR;
  }

  @Override
  public OpCodegen codegen() {
    return new Code();
  }

  /** The product's code; per sample op(a) is m x k and op(b) is k x p. */
  private static final class Code implements OpCodegen {

    @Override
    public CodeBlock forward(OpEmit e) {
      Dims d = Dims.of(e);
      if (d.stacked()) {
        return e.gemm(false, false, e.count(0, d.m), lit(d.p), lit(d.k),
            whole(e.arg(0), d.k), whole(e.arg(1), d.p), whole(e.out(), d.p), false);
      }
      if (d.samplesAsRows()) {
        return e.gemm(false, true, e.batchSize(), lit(d.m), lit(d.k),
            whole(e.arg(1), d.k), whole(e.arg(0), d.k), whole(e.out(), d.m), false);
      }
      String s = e.local("s");
      return perSample(e, s, e.gemm(false, false, lit(d.m), lit(d.p), lit(d.k),
          sample(e, 0, s, d.k), sample(e, 1, s, d.p),
          new OpEmit.Matrix(e.out(), e.offset(s), d.p), false));
    }

    @Override
    public CodeBlock backward(OpEmit e, int arg) {
      Dims d = Dims.of(e);
      boolean add = !e.freshGrad(arg);
      if (d.stacked()) {
        return arg == 0
            ? e.gemm(false, true, e.count(0, d.m), lit(d.k), lit(d.p),
                whole(e.outGrad(), d.p), whole(e.arg(1), d.p), whole(e.argGrad(0), d.k), add)
            : e.gemm(true, false, lit(d.k), lit(d.p), e.count(0, d.m),
                whole(e.arg(0), d.k), whole(e.outGrad(), d.p), whole(e.argGrad(1), d.p), add);
      }
      if (d.samplesAsRows()) {
        return arg == 0
            ? e.gemm(true, false, lit(d.m), lit(d.k), e.batchSize(),
                whole(e.outGrad(), d.m), whole(e.arg(1), d.k), whole(e.argGrad(0), d.k), add)
            : e.gemm(false, false, e.batchSize(), lit(d.k), lit(d.m),
                whole(e.outGrad(), d.m), whole(e.arg(0), d.k), whole(e.argGrad(1), d.k), add);
      }
      String s = e.local("s");
      OpEmit.Matrix g = new OpEmit.Matrix(e.outGrad(), e.offset(s), d.p);
      return perSample(e, s, arg == 0
          ? e.gemm(false, true, lit(d.m), lit(d.k), lit(d.p),
              g, sample(e, 1, s, d.p), gradSample(e, 0, s, d.k), add)
          : e.gemm(true, false, lit(d.k), lit(d.p), lit(d.m),
              sample(e, 0, s, d.k), g, gradSample(e, 1, s, d.p), add));
    }

    /**
     * One product writes the whole gradient, except when a product per sample adds each
     * sample's share into an unbatched argument's.
     */
    @Override
    public boolean writesGrad(OpEmit e, int arg) {
      Dims d = Dims.of(e);
      return d.stacked() || d.samplesAsRows() || e.batched(arg);
    }

    private static CodeBlock perSample(OpEmit e, String s, CodeBlock gemm) {
      return CodeBlock.builder()
          .beginControlFlow("for (int $N = 0; $N < $L; $N++)", s, s, e.batchSize(), s)
          .add(gemm)
          .endControlFlow()
          .build();
    }

    private static OpEmit.Matrix whole(CodeBlock array, int ld) {
      return new OpEmit.Matrix(array, CodeBlock.of("0"), ld);
    }

    private static OpEmit.Matrix sample(OpEmit e, int arg, String s, int ld) {
      return new OpEmit.Matrix(e.arg(arg), e.offset(arg, s), ld);
    }

    private static OpEmit.Matrix gradSample(OpEmit e, int arg, String s, int ld) {
      return new OpEmit.Matrix(e.argGrad(arg), e.offset(arg, s), ld);
    }

    private static CodeBlock lit(int value) {
      return CodeBlock.of("$L", value);
    }
  }

  /**
   * The per-sample dimensions of one product and which of the three forms it takes.
   *
   * @param stacked the right operand is unbatched, so the left operand's samples stack into
   *     one tall matrix
   * @param samplesAsRows an unbatched left matrix times batched columns of width 1
   */
  private record Dims(int m, int k, int p, boolean stacked, boolean samplesAsRows) {
    static Dims of(OpEmit e) {
      Shape a = e.shape(0);
      Shape b = e.shape(1);
      int m = a.rank() == 2 ? a.dim(0) : 1;
      int p = b.rank() == 2 ? b.dim(1) : 1;
      boolean stacked = !e.batched(1);
      return new Dims(m, a.dim(-1), p, stacked, !stacked && !e.batched(0) && p == 1);
    }
  }
}
