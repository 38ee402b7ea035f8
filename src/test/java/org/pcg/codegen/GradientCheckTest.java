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
    all.addAll(axisCases());
    all.addAll(shapeCases());
    all.addAll(visionCases());
    return all.stream();
  }

  private static List<Named<Graph>> axisCases() {
    List<Named<Graph>> all = new ArrayList<>();
    for (String op : List.of("sum", "mean")) {
      all.add(Named.of(op + " all", onBatched(op, Map.of(), 3, 4)));
      all.add(Named.of(op + " axis=0", onBatched(op, Map.of("axis", 0), 3, 4)));
      all.add(Named.of(op + " axis=-1", onBatched(op, Map.of("axis", -1), 3, 4)));
      all.add(Named.of(op + " axis=1 of [2,3,4]", onBatched(op, Map.of("axis", 1), 2, 3, 4)));
    }
    for (String op : List.of("softmax", "log_softmax")) {
      all.add(Named.of(op + " last axis", onBatched(op, Map.of(), 3, 4)));
      all.add(Named.of(op + " axis=0", onBatched(op, Map.of("axis", 0), 3, 4)));
      all.add(Named.of(op + " axis=1 of [2,3,2]", onBatched(op, Map.of("axis", 1), 2, 3, 2)));
    }
    return all;
  }

  private static List<Named<Graph>> shapeCases() {
    return List.of(
        Named.of("reshape [3,4] to [2,6]",
            onBatched("reshape", Map.of("shape", new int[] {2, -1}), 3, 4)),
        Named.of("flatten [2,3,2]", onBatched("flatten", Map.of(), 2, 3, 2)),
        Named.of("transpose [3,4]", onBatched("transpose", Map.of(), 3, 4)),
        Named.of("transpose [2,3,4] perm [2,0,1]",
            onBatched("transpose", Map.of("perm", new int[] {2, 0, 1}), 2, 3, 4)),
        Named.of("slice [4,5] rows 1:3", onBatched("slice",
            Map.of("starts", new int[] {1}, "ends", new int[] {3}), 4, 5)),
        Named.of("slice [4,5] rows 1:3, columns 2:5", onBatched("slice",
            Map.of("starts", new int[] {1, 2}, "ends", new int[] {3, 5}), 4, 5)),
        Named.of("index 2 of [4,5]", onBatched("index", Map.of("index", 2), 4, 5)),
        Named.of("index 1 of [3]", onBatched("index", Map.of("index", 1), 3)),
        Named.of("concat axis 0, batched and unbatched", concat(0, new int[] {2, 4},
            new int[] {3, 4})),
        Named.of("concat axis 1, batched and unbatched", concat(1, new int[] {3, 2},
            new int[] {3, 4})));
  }

  private static List<Named<Graph>> visionCases() {
    return List.of(
        Named.of("conv2d stride 1", conv(1, 0)),
        Named.of("conv2d stride 2 padding 1", conv(2, 1)),
        Named.of("max_pool size 2", onBatched("max_pool", Map.of(), 2, 4, 4)),
        Named.of("max_pool size 3 stride 2",
            onBatched("max_pool", Map.of("size", 3, "stride", 2), 2, 5, 5)),
        Named.of("avg_pool size 2", onBatched("avg_pool", Map.of(), 2, 4, 4)),
        Named.of("avg_pool size 3 stride 1",
            onBatched("avg_pool", Map.of("size", 3, "stride", 1), 1, 4, 5)),
        Named.of("layer_norm [3,4]", layerNorm()));
  }

  /** y = op(a) with a = x * pa batched. */
  private static Graph onBatched(String op, Map<String, Object> attrs, int... dims) {
    TestGraph g = new TestGraph("axis").input("x", dims).param("pa", dims);
    g.stmt("a", apply("mul", g.v("x"), g.p("pa")));
    Node y = apply(op, attrs, g.v("a"));
    g.target("t", y.shape().dims());
    g.stmt("y", y);
    return g.build(Loss.Kind.MSE, "y", "t", true);
  }

  /** concat(a, p) along an axis: a batched vertex and an unbatched parameter. */
  private static Graph concat(int axis, int[] a, int[] p) {
    TestGraph g = new TestGraph("concat").input("x", a).param("pa", a).param("pb", p);
    g.stmt("a", apply("mul", g.v("x"), g.p("pa")));
    Node y = apply("concat", Map.of("axis", axis), g.v("a"), g.p("pb"), g.v("a"));
    g.target("t", y.shape().dims());
    g.stmt("y", y);
    return g.build(Loss.Kind.MSE, "y", "t", true);
  }

  /** A 2-channel 5x5 image (a batched vertex) convolved with 3 kernels of 3x3. */
  private static Graph conv(int stride, int padding) {
    TestGraph g = new TestGraph("conv").input("x", 2, 5, 5).param("pa", 2, 5, 5)
        .param("w", 3, 2, 3, 3);
    g.stmt("a", apply("mul", g.v("x"), g.p("pa")));
    Node y = apply("conv2d", Map.of("stride", stride, "padding", padding), g.v("a"), g.p("w"));
    g.target("t", y.shape().dims());
    g.stmt("y", y);
    return g.build(Loss.Kind.MSE, "y", "t", true);
  }

  private static Graph layerNorm() {
    TestGraph g = new TestGraph("norm").input("x", 3, 4).param("pa", 3, 4)
        .param("gain", 4).param("bias", 4).target("t", 3, 4);
    g.stmt("a", apply("mul", g.v("x"), g.p("pa")));
    g.stmt("y", apply("layer_norm", g.v("a"), g.p("gain"), g.p("bias")));
    return g.build(Loss.Kind.MSE, "y", "t", true);
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
