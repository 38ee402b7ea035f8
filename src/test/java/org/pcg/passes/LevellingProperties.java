package org.pcg.passes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.pcg.ir.Graph;
import org.pcg.ir.Node;
import org.pcg.ir.Param;
import org.pcg.ir.Vertex;

/**
 * Levelling on random DAG models: vertices reading one to three earlier vertices or leaves
 * through add, mul, tanh and matmul on small vectors, with shared parameters and one output.
 */
class LevellingProperties {

  private static final String SEED = "7340291";
  private static final int TRIES = 300;
  private static final long DATA_SEED = 11;

  /** One statement of a random model: what it reads and how it combines them. */
  record Step(List<Integer> picks, List<Integer> combiners, int wrap) {}

  /** A random model: the vector length and its statements. */
  record Recipe(int dim, boolean withConstant, List<Step> steps) {}

  @Provide
  Arbitrary<Recipe> recipes() {
    Arbitrary<Step> step = Combinators.combine(
            Arbitraries.integers().between(0, 99).list().ofMinSize(1).ofMaxSize(3),
            Arbitraries.integers().between(0, 2).list().ofSize(2),
            Arbitraries.integers().between(0, 3))
        .as(Step::new);
    return Combinators.combine(Arbitraries.integers().between(1, 3), Arbitraries.of(true, false),
            step.list().ofMinSize(1).ofMaxSize(9))
        .as(Recipe::new);
  }

  @Property(tries = TRIES, seed = SEED, edgeCases = EdgeCasesMode.NONE)
  void everyPathFromAVertexToTheOutputHasOneLength(@ForAll("recipes") Recipe recipe) {
    Graph levelled = Levelling.apply(build(recipe));
    Schedule schedule = Schedule.of(levelled);

    Map<String, Set<Integer>> lengths = pathLengths(levelled);
    schedule.levels().forEach((name, level) ->
        assertThat(lengths.get(name)).as(name).containsExactly(level));
    assertThat(schedule.isLevelled()).isTrue();
  }

  @Property(tries = TRIES, seed = SEED, edgeCases = EdgeCasesMode.NONE)
  void levellingKeepsLevelsAndInsertsOneIdentityPerExtraLevel(
      @ForAll("recipes") Recipe recipe) {
    Graph g = build(recipe);
    Schedule before = Schedule.of(g);

    Graph levelled = Levelling.apply(g);
    Verifier.check(levelled, "property");

    Schedule after = Schedule.of(levelled);
    int extra = before.edgeSpans().stream().mapToInt(e -> e.span() - 1).sum();
    assertThat(levelled.vertices()).hasSize(g.vertices().size() + extra);
    before.levels().forEach((name, level) -> assertThat(after.level(name)).isEqualTo(level));
    assertThat(Levelling.plan(levelled)).isEmpty();
  }

  @Property(tries = TRIES, seed = SEED, edgeCases = EdgeCasesMode.NONE)
  void levelledGraphComputesTheSameValues(@ForAll("recipes") Recipe recipe) {
    Graph g = build(recipe);
    Random random = new Random(DATA_SEED);
    Map<String, double[]> data = randomValues(leafShapes(g), random);
    Map<String, double[]> params = randomValues(paramShapes(g), random);

    Map<String, double[]> before = ReferenceEvaluator.evaluate(g, data, params);
    Map<String, double[]> after = ReferenceEvaluator.evaluate(Levelling.apply(g), data, params);

    // Identities copy values, so every vertex of the original is bit for bit the same.
    for (Vertex v : g.vertices()) {
      assertThat(after.get(v.name())).as(v.name()).containsExactly(before.get(v.name()));
    }
  }

  /** Every path length from each vertex to the output, by enumeration over consumers. */
  private static Map<String, Set<Integer>> pathLengths(Graph g) {
    Map<String, Set<Integer>> lengths = new HashMap<>();
    List<Vertex> vertices = g.vertices();
    for (int i = vertices.size() - 1; i >= 0; i--) {
      String name = vertices.get(i).name();
      Set<Integer> own = new HashSet<>();
      if (name.equals(g.loss().output())) {
        own.add(0);
      }
      for (String consumer : g.consumers(name)) {
        lengths.get(consumer).forEach(length -> own.add(length + 1));
      }
      lengths.put(name, own);
    }
    return lengths;
  }

  private static Map<String, int[]> leafShapes(Graph g) {
    Map<String, int[]> shapes = new HashMap<>();
    g.vertices().stream().filter(v -> v.expr() == null)
        .forEach(v -> shapes.put(v.name(), v.shape().dims()));
    return shapes;
  }

  private static Map<String, int[]> paramShapes(Graph g) {
    Map<String, int[]> shapes = new HashMap<>();
    for (Param p : g.params()) {
      shapes.put(p.name(), p.shape().dims());
    }
    return shapes;
  }

  private static Map<String, double[]> randomValues(Map<String, int[]> shapes, Random random) {
    Map<String, double[]> values = new HashMap<>();
    shapes.keySet().stream().sorted().forEach(name -> {
      int size = 1;
      for (int d : shapes.get(name)) {
        size *= d;
      }
      values.put(name, random.doubles(size, -1, 1).toArray());
    });
    return values;
  }

  /** The model a recipe describes; sinks other than the last statement are summed into it. */
  static Graph build(Recipe recipe) {
    int d = recipe.dim();
    GraphBuilder b = new GraphBuilder().input("x", d).input("y", d).target("t", d)
        .param("W0", d, d).param("W1", d, d).param("b0", d);
    List<String> readable = new ArrayList<>(List.of("x", "y"));
    if (recipe.withConstant()) {
      b.constant("c", 0.5, d);
      readable.add("c");
    }
    List<String> statements = new ArrayList<>();
    for (int i = 0; i < recipe.steps().size(); i++) {
      String name = "v" + i;
      b.stmt(name, expression(b, recipe.steps().get(i), readable, i));
      readable.add(name);
      statements.add(name);
    }
    return withOneOutput(b, statements);
  }

  private static Node expression(GraphBuilder b, Step step, List<String> readable, int i) {
    List<Integer> picks = step.picks();
    Node expr = b.v(readable.get(picks.get(0) % readable.size()));
    for (int j = 1; j < picks.size(); j++) {
      Node next = b.v(readable.get(picks.get(j) % readable.size()));
      expr = combine(b, step.combiners().get(j - 1), expr, next);
    }
    return wrap(b, step.wrap(), expr, "W" + (i % 2));
  }

  private static Node combine(GraphBuilder b, int combiner, Node left, Node right) {
    return switch (combiner) {
      case 0 -> b.apply("add", left, right);
      case 1 -> b.apply("mul", left, right);
      // A dot product (a scalar) broadcast back over a vector.
      default -> b.apply("mul", b.apply("matmul", left, right), right);
    };
  }

  private static Node wrap(GraphBuilder b, int wrap, Node expr, String weight) {
    return switch (wrap) {
      case 0 -> expr;
      case 1 -> b.apply("tanh", expr);
      case 2 -> b.apply("matmul", b.p(weight), expr);
      default -> b.apply("tanh", b.apply("add", b.apply("matmul", b.p(weight), expr), b.p("b0")));
    };
  }

  private static Graph withOneOutput(GraphBuilder b, List<String> statements) {
    Graph draft = b.build(statements.get(statements.size() - 1), "t");
    List<String> sinks = statements.stream().filter(s -> draft.consumers(s).isEmpty()).toList();
    if (sinks.size() == 1) {
      return draft;
    }
    Node sum = b.v(sinks.get(0));
    for (String sink : sinks.subList(1, sinks.size())) {
      sum = b.apply("add", sum, b.v(sink));
    }
    b.stmt("out", sum);
    return b.build("out", "t");
  }
}
