package org.pcg.codegen;

import com.palantir.javapoet.CodeBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Nested loops over an index space with strided operands: the shape of every elementwise,
 * broadcasting and copying loop in generated code. Adjacent dimensions that every operand
 * walks contiguously (or not at all) are merged first, so a same-shaped elementwise op is one
 * flat loop and a bias add is a batch loop around a row loop.
 */
final class LoopNest {

  /** One dimension: {@code size} iterations, times the batch size when {@code perSample}. */
  record Dim(int size, boolean perSample) {
    CodeBlock extent(CodeBlock batch) {
      if (!perSample) {
        return CodeBlock.of("$L", size);
      }
      return size == 1 ? batch : CodeBlock.of("$L * $L", batch, size);
    }
  }

  /**
   * An operand: an array read or written at {@code offset + sum(i_d * strides[d])}, or a
   * literal (array null) that every iteration sees.
   */
  record Operand(CodeBlock array, int offset, int[] strides) {
    static Operand literal(CodeBlock value, int rank) {
      return new Operand(value, -1, new int[rank]);
    }

    boolean isLiteral() {
      return offset < 0;
    }
  }

  /** Names of loop variables from the outermost inwards, after {@code s} for samples. */
  private static final String[] LOOP_VARS = {"i", "j", "k", "l"};

  private final List<Dim> dims;
  private final List<Operand> operands;

  private LoopNest(List<Dim> dims, List<Operand> operands) {
    this.dims = dims;
    this.operands = operands;
  }

  /** A nest over {@code dims}, simplified: unit dimensions dropped, contiguous ones merged. */
  static LoopNest of(List<Dim> dims, List<Operand> operands) {
    List<Dim> d = new ArrayList<>(dims);
    List<int[]> strides = new ArrayList<>();
    // Copies: simplifying rewrites strides in place, and an operand may be emitted again.
    operands.forEach(op -> strides.add(op.strides().clone()));
    dropUnitDims(d, strides);
    mergeContiguous(d, strides);
    List<Operand> ops = new ArrayList<>();
    for (int i = 0; i < operands.size(); i++) {
      ops.add(new Operand(operands.get(i).array(), operands.get(i).offset(), strides.get(i)));
    }
    return new LoopNest(d, ops);
  }

  private static void dropUnitDims(List<Dim> dims, List<int[]> strides) {
    for (int j = dims.size() - 1; j >= 0; j--) {
      if (dims.get(j).size() == 1 && !dims.get(j).perSample()) {
        dims.remove(j);
        removeColumn(strides, j);
      }
    }
  }

  private static void mergeContiguous(List<Dim> dims, List<int[]> strides) {
    for (int j = dims.size() - 2; j >= 0; j--) {
      Dim inner = dims.get(j + 1);
      if (!inner.perSample() && mergeable(strides, j, inner.size())) {
        Dim outer = dims.get(j);
        dims.set(j, new Dim(outer.size() * inner.size(), outer.perSample()));
        dims.remove(j + 1);
        for (int k = 0; k < strides.size(); k++) {
          strides.get(k)[j] = strides.get(k)[j + 1];
        }
        removeColumn(strides, j + 1);
      }
    }
  }

  private static boolean mergeable(List<int[]> strides, int j, int innerSize) {
    return strides.stream().allMatch(s -> s[j] == s[j + 1] * innerSize);
  }

  private static void removeColumn(List<int[]> strides, int j) {
    for (int k = 0; k < strides.size(); k++) {
      int[] s = strides.get(k);
      int[] t = new int[s.length - 1];
      System.arraycopy(s, 0, t, 0, j);
      System.arraycopy(s, j + 1, t, j, s.length - j - 1);
      strides.set(k, t);
    }
  }

  /** The number of loops after simplification. */
  int depth() {
    return dims.size();
  }

  /**
   * Whether operands {@code a} and {@code b} both run contiguously along the innermost loop,
   * so that loop can be a block copy.
   */
  boolean innerContiguous(int a, int b) {
    int last = dims.size() - 1;
    return last >= 0 && operands.get(a).strides()[last] == 1
        && operands.get(b).strides()[last] == 1;
  }

  /**
   * The loops around one statement made by {@code body} from each operand's element
   * expression ({@code array[index]}, or the literal).
   */
  CodeBlock emit(LocalNames names, CodeBlock batch, Function<List<CodeBlock>, CodeBlock> body) {
    return emitBlock(names, batch,
        elements -> CodeBlock.builder().addStatement(body.apply(elements)).build());
  }

  /**
   * The loops around statements (complete, with their semicolons) made by {@code block}
   * from each operand's element expression.
   */
  CodeBlock emitBlock(LocalNames names, CodeBlock batch,
      Function<List<CodeBlock>, CodeBlock> block) {
    List<String> vars = loopVars(names);
    CodeBlock.Builder b = CodeBlock.builder();
    openLoops(b, vars, dims.size(), batch);
    List<CodeBlock> elements = new ArrayList<>();
    for (Operand op : operands) {
      elements.add(op.isLiteral() ? op.array() : element(op, vars, dims.size()));
    }
    b.add(block.apply(elements));
    closeLoops(b, dims.size());
    return b.build();
  }

  /** The stride of operand {@code op} along the innermost loop. */
  int innerStride(int op) {
    return operands.get(op).strides()[dims.size() - 1];
  }

  /**
   * The loops but the innermost around one statement made by {@code body} from the index
   * of each operand at the start of the innermost loop and that loop's extent.
   */
  CodeBlock emitInner(LocalNames names, CodeBlock batch,
      BiFunction<List<CodeBlock>, CodeBlock, CodeBlock> body) {
    List<String> vars = loopVars(names);
    int outer = dims.size() - 1;
    CodeBlock.Builder b = CodeBlock.builder();
    openLoops(b, vars, outer, batch);
    List<CodeBlock> indexes = new ArrayList<>();
    for (Operand op : operands) {
      indexes.add(op.isLiteral() ? op.array() : index(op, vars, outer));
    }
    b.addStatement(body.apply(indexes, dims.get(outer).extent(batch)));
    closeLoops(b, outer);
    return b.build();
  }

  /**
   * The loops around a block copy of the innermost dimension, from operand {@code from} to
   * operand {@code to}; requires {@link #innerContiguous}.
   */
  CodeBlock emitBlockCopy(LocalNames names, CodeBlock batch, int to, int from) {
    List<String> vars = loopVars(names);
    int outer = dims.size() - 1;
    CodeBlock.Builder b = CodeBlock.builder();
    openLoops(b, vars, outer, batch);
    b.addStatement("$T.arraycopy($L, $L,$W$L, $L,$W$L)", System.class,
        operands.get(from).array(), index(operands.get(from), vars, outer),
        operands.get(to).array(), index(operands.get(to), vars, outer),
        dims.get(outer).extent(batch));
    closeLoops(b, outer);
    return b.build();
  }

  private List<String> loopVars(LocalNames names) {
    List<String> vars = new ArrayList<>();
    int plain = 0;
    for (Dim d : dims) {
      boolean sample = d.perSample() && d.size() == 1;
      vars.add(names.loopVar(sample ? "s" : LOOP_VARS[Math.min(plain++, 3)]));
    }
    names.releaseLoopVars();
    return vars;
  }

  private void openLoops(CodeBlock.Builder b, List<String> vars, int count, CodeBlock batch) {
    for (int j = 0; j < count; j++) {
      String v = vars.get(j);
      b.beginControlFlow("for (int $N = 0; $N < $L; $N++)", v, v,
          dims.get(j).extent(batch), v);
    }
  }

  private static void closeLoops(CodeBlock.Builder b, int count) {
    for (int j = 0; j < count; j++) {
      b.endControlFlow();
    }
  }

  private static CodeBlock element(Operand op, List<String> vars, int count) {
    return CodeBlock.of("$L[$L]", op.array(), index(op, vars, count));
  }

  /** {@code offset + sum(var_d * stride_d)} over the first {@code count} loops. */
  private static CodeBlock index(Operand op, List<String> vars, int count) {
    List<CodeBlock> terms = new ArrayList<>();
    for (int j = 0; j < count; j++) {
      int stride = op.strides()[j];
      if (stride == 1) {
        terms.add(CodeBlock.of("$N", vars.get(j)));
      } else if (stride != 0) {
        terms.add(CodeBlock.of("$N * $L", vars.get(j), stride));
      }
    }
    if (op.offset() != 0 || terms.isEmpty()) {
      terms.add(CodeBlock.of("$L", op.offset()));
    }
    return CodeBlock.join(terms, " + ");
  }
}
