package org.pcg.codegen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pcg.codegen.TestGraph.apply;
import static org.pcg.codegen.TestGraph.c;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pcg.ir.Graph;
import org.pcg.ir.Loss;
import org.pcg.ir.Node;

/**
 * BP's gradients against central finite differences of the generated forward pass, for
 * every op with code generation, on small random shapes: batched and unbatched operands,
 * broadcasting both ways, literals, every matrix-product form and every loss.
 */
class GradientCheckTest {

  /** Largest accepted relative error between BP and finite differences. */
  private static final double TOLERANCE = 1e-6;

  /** Finite-difference step. */
  private static final double STEP = 1e-5;

  private static final int BATCH = 3;
  private static final long SEED = 20261203L;

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void bpGradientMatchesFiniteDifferences(Graph graph) {
    double error = Harness.gradientError(Harness.model(graph, BATCH, SEED), STEP);

    assertThat(error).isLessThanOrEqualTo(TOLERANCE);
  }

  static Stream<Named<Graph>> cases() {
    List<Named<Graph>> all = new ArrayList<>();
    for (String op : List.of("neg", "id", "tanh", "sigmoid", "relu", "leaky_relu", "elu",
        "gelu", "softplus", "exp", "square", "abs")) {
      all.add(Named.of(op, unary(op, false)));
    }
    for (String op : List.of("log", "sqrt")) {
      all.add(Named.of(op, unary(op, true)));
    }
    all.add(Named.of("leaky_relu slope=0.2", unaryWith("leaky_relu", Map.of("slope", 0.2))));
    all.add(Named.of("elu alpha=0.5", unaryWith("elu", Map.of("alpha", 0.5))));
    for (String op : List.of("add", "sub", "mul", "div")) {
      for (Operands o : Operands.values()) {
        all.add(Named.of(op + " " + o.label, binary(op, o)));
      }
    }
    for (Product m : Product.values()) {
      all.add(Named.of("matmul " + m.label, matmul(m)));
    }
    for (Loss.Kind kind : Loss.Kind.values()) {
      all.add(Named.of("mlp " + kind.spelling() + " mean", mlp(kind, true)));
      all.add(Named.of("mlp " + kind.spelling() + " sum", mlp(kind, false)));
    }
    all.add(Named.of("vertex read twice", squareByProduct()));
    return all.stream();
  }

  /**
   * y = f(a) + f(p): f on a batched vertex a = x * pa and on an unbatched parameter that
   * broadcasts over the batch and the rows. Positive-domain ops read a^2 + 0.5.
   */
  private static Graph unary(String op, boolean positive) {
    return unaryGraph(x -> apply(op, x), positive);
  }

  private static Graph unaryWith(String op, Map<String, Object> attrs) {
    return unaryGraph(x -> apply(op, attrs, x), false);
  }

  private static Graph unaryGraph(Function<Node, Node> f, boolean positive) {
    TestGraph b = new TestGraph("unary").input("x", 3, 4).target("t", 3, 4)
        .param("pa", 3, 4).param("pb", 4);
    Node a = apply("mul", b.v("x"), b.p("pa"));
    b.stmt("a", positive ? apply("add", apply("square", a), c(0.5)) : a);
    Node p = positive ? apply("add", apply("square", b.p("pb")), c(0.5)) : b.p("pb");
    b.stmt("y", apply("add", f.apply(b.v("a")), f.apply(p)));
    return b.build(Loss.Kind.MSE, "y", "t", true);
  }

  /** Operand layouts of a binary op: each side's shape and whether it is batched. */
  enum Operands {
    SAME_BATCHED("[3,4] batched, [3,4] batched", new int[] {3, 4}, true, new int[] {3, 4}, true),
    ROW_PARAM("[3,4] batched, [4] unbatched", new int[] {3, 4}, true, new int[] {4}, false),
    OUTER("[3,1] unbatched, [4] batched", new int[] {3, 1}, false, new int[] {4}, true),
    VECTOR_MATRIX("[4] batched, [3,4] unbatched", new int[] {4}, true, new int[] {3, 4}, false),
    SCALAR_PARAM("[] unbatched, [3,4] batched", new int[] {}, false, new int[] {3, 4}, true),
    COLUMN_ROW("[3,1] batched, [1,4] unbatched", new int[] {3, 1}, true, new int[] {1, 4},
        false),
    UNBATCHED("[2,3] unbatched, [3] unbatched", new int[] {2, 3}, false, new int[] {3}, false),
    LITERAL("[3,4] batched, literal 2.5", new int[] {3, 4}, true, null, false);

    final String label;
    final int[] a;
    final boolean aBatched;
    final int[] b;
    final boolean bBatched;

    Operands(String label, int[] a, boolean aBatched, int[] b, boolean bBatched) {
      this.label = label;
      this.a = a;
      this.aBatched = aBatched;
      this.b = b;
      this.bBatched = bBatched;
    }
  }

  /**
   * y = op(A, B) with the layout's operands; a divisor is kept away from zero. When both
   * are unbatched a batched term is added so the output depends on the data.
   */
  private static Graph binary(String op, Operands o) {
    TestGraph g = new TestGraph("binary");
    Node a = operand(g, "a", o.a, o.aBatched, false);
    Node b = o.b == null ? c(2.5) : operand(g, "b", o.b, o.bBatched, op.equals("div"));
    Node y = apply(op, a, b);
    if (!o.aBatched && !o.bBatched) {
      g.input("z", y.shape().dims()).param("pz", y.shape().dims());
      y = apply("add", y, apply("mul", g.v("z"), g.p("pz")));
    }
    g.target("t", y.shape().dims());
    g.stmt("y", y);
    return g.build(Loss.Kind.MSE, "y", "t", true);
  }

  /**
   * A batched operand is a vertex {@code x * p}; an unbatched one is a parameter. A divisor
   * becomes {@code v^2 + 0.5}.
   */
  private static Node operand(TestGraph g, String name, int[] dims, boolean batched,
      boolean divisor) {
    g.param("p" + name, dims);
    Node v;
    if (batched) {
      g.input("x" + name, dims);
      g.stmt(name, apply("mul", g.v("x" + name), g.p("p" + name)));
      v = g.v(name);
    } else {
      v = g.p("p" + name);
    }
    return divisor ? apply("add", apply("square", v), c(0.5)) : v;
  }

  /** The forms of a matrix product: shapes of both sides and which is batched. */
  enum Product {
    MATRIX_VECTOR("W[4,3] @ x[3] batched", new int[] {4, 3}, false, new int[] {3}, true),
    STACKED("X[2,3] batched @ W[3,4]", new int[] {2, 3}, true, new int[] {3, 4}, false),
    ROW_MATRIX("x[3] batched @ W[3,4]", new int[] {3}, true, new int[] {3, 4}, false),
    MATRIX_BATCHED_MATRIX("W[4,3] @ X[3,2] batched", new int[] {4, 3}, false,
        new int[] {3, 2}, true),
    BOTH_BATCHED("A[2,3] batched @ B[3,4] batched", new int[] {2, 3}, true,
        new int[] {3, 4}, true),
    DOT("a[3] batched @ b[3] batched", new int[] {3}, true, new int[] {3}, true),
    UNBATCHED("W[4,3] @ v[3], both unbatched", new int[] {4, 3}, false, new int[] {3}, false),
    MATRIX_PARAM_VECTOR("X[2,3] batched @ v[3]", new int[] {2, 3}, true, new int[] {3}, false),
    VECTOR_BATCHED_MATRIX("v[3] @ X[3,2] batched", new int[] {3}, false, new int[] {3, 2},
        true),
    VECTOR_DOT("v[3] @ x[3] batched", new int[] {3}, false, new int[] {3}, true);

    final String label;
    final int[] a;
    final boolean aBatched;
    final int[] b;
    final boolean bBatched;

    Product(String label, int[] a, boolean aBatched, int[] b, boolean bBatched) {
      this.label = label;
      this.a = a;
      this.aBatched = aBatched;
      this.b = b;
      this.bBatched = bBatched;
    }
  }

  private static Graph matmul(Product m) {
    return binaryOf("matmul", m.a, m.aBatched, m.b, m.bBatched);
  }

  private static Graph binaryOf(String op, int[] a, boolean aBatched, int[] b,
      boolean bBatched) {
    TestGraph g = new TestGraph("product");
    Node y = apply(op, operand(g, "a", a, aBatched, false), operand(g, "b", b, bBatched, false));
    if (!aBatched && !bBatched) {
      g.input("z", y.shape().dims()).param("pz", y.shape().dims());
      y = apply("add", y, apply("mul", g.v("z"), g.p("pz")));
    }
    g.target("t", y.shape().dims());
    g.stmt("y", y);
    return g.build(Loss.Kind.MSE, "y", "t", true);
  }

  /** x[5] -> tanh(W1 x + b1)[4] -> W2 h + b2 [3], under one loss and reduction. */
  private static Graph mlp(Loss.Kind loss, boolean mean) {
    TestGraph g = new TestGraph("mlp").input("x", 5).target("t", 3)
        .param("W1", 4, 5).param("b1", 4).param("W2", 3, 4).param("b2", 3);
    g.stmt("h", apply("tanh", apply("add", apply("matmul", g.p("W1"), g.v("x")), g.p("b1"))));
    g.stmt("y", apply("add", apply("matmul", g.p("W2"), g.v("h")), g.p("b2")));
    return g.build(loss, "y", "t", mean);
  }

  /** y = h * h with h a vertex: one input read twice accumulates both contributions. */
  private static Graph squareByProduct() {
    TestGraph g = new TestGraph("twice").input("x", 4).target("t", 4).param("p", 4);
    g.stmt("h", apply("mul", g.v("x"), g.p("p")));
    g.stmt("y", apply("mul", g.v("h"), g.v("h")));
    return g.build(Loss.Kind.MSE, "y", "t", true);
  }
}
