package org.pcg.passes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pcg.ir.Graph;
import org.pcg.ir.Node;
import org.pcg.ir.Vertex;
import org.pcg.passes.Levelling.Insertion;
import org.pcg.passes.Schedule.EdgeSpan;

class LevellingTest {

  /** x -> h1 -> h2 -> h3 -> out, and the skip h1 -> out: spans 3 where the long path has 3. */
  private static Graph residualBlock() {
    GraphBuilder b = new GraphBuilder().input("x", 4).target("t", 4)
        .param("W1", 4, 4).param("W2", 4, 4).param("W3", 4, 4);
    b.stmt("h1", b.apply("tanh", b.apply("matmul", b.p("W1"), b.v("x"))));
    b.stmt("h2", b.apply("tanh", b.apply("matmul", b.p("W2"), b.v("h1"))));
    b.stmt("h3", b.apply("tanh", b.apply("matmul", b.p("W3"), b.v("h2"))));
    b.stmt("out", b.apply("add", b.v("h3"), b.v("h1")));
    return b.build("out", "t");
  }

  private static Graph mlp() {
    GraphBuilder b = new GraphBuilder().input("x", 5).target("t", 2)
        .param("W1", 3, 5).param("b1", 3).param("W2", 2, 3).param("b2", 2);
    b.stmt("hidden", b.apply("tanh",
        b.apply("add", b.apply("matmul", b.p("W1"), b.v("x")), b.p("b1"))));
    b.stmt("out", b.apply("add", b.apply("matmul", b.p("W2"), b.v("hidden")), b.p("b2")));
    return b.build("out", "t");
  }

  @Test
  void residualSkipOfOneAgainstThreeGetsTwoIdentities() {
    Graph g = residualBlock();

    assertThat(Levelling.plan(g)).containsExactly(new Insertion("h1", "out", 2));
    Graph levelled = Levelling.apply(g);

    assertThat(names(levelled))
        .containsExactly("x", "t", "h1", "h2", "h3", "h1->out~1", "h1->out~2", "out");
    assertThat(levelled.vertex("h1->out~1").kind()).isEqualTo(Vertex.Kind.IDENTITY);
    assertThat(levelled.vertex("h1->out~1").inputs()).containsExactly("h1");
    assertThat(levelled.vertex("h1->out~2").inputs()).containsExactly("h1->out~1");
    assertThat(levelled.vertex("out").inputs()).containsExactly("h3", "h1->out~2");
    assertThat(levelled.consumers("h1")).containsExactly("h2", "h1->out~1");
  }

  @Test
  void identitiesCarryTheSpanOfTheReadTheyReplace() {
    Graph g = residualBlock();
    Node.Apply add = (Node.Apply) g.vertex("out").expr();
    Node readOfH1 = add.args().get(1);

    Graph levelled = Levelling.apply(g);

    assertThat(levelled.vertex("h1->out~1").span()).isEqualTo(readOfH1.span());
    assertThat(levelled.vertex("h1->out~2").span()).isEqualTo(readOfH1.span());
    Node.Apply newAdd = (Node.Apply) levelled.vertex("out").expr();
    assertThat(newAdd.args().get(1).span()).isEqualTo(readOfH1.span());
  }

  @Test
  void levelledResidualBlockHasOneLevelPerEdgeAndKeepsLevels() {
    Graph levelled = Levelling.apply(residualBlock());
    Schedule s = Schedule.of(levelled);

    assertThat(s.isLevelled()).isTrue();
    assertThat(s.level("h1")).isEqualTo(3);
    assertThat(s.level("h1->out~1")).isEqualTo(2);
    assertThat(s.level("h1->out~2")).isEqualTo(1);
    assertThat(s.maxLevel()).isEqualTo(3);
    assertThat(s.verticesAt(1)).extracting(Vertex::name).containsExactly("h3", "h1->out~2");
  }

  @Test
  void multiplePathsEachGetTheirOwnChain() {
    // a -> b -> c -> out, with b -> out (span 2) and a -> out (span 3), a read twice by out.
    GraphBuilder b = new GraphBuilder().input("x", 3).target("t", 3);
    b.stmt("a", b.apply("tanh", b.v("x")));
    b.stmt("b", b.apply("tanh", b.v("a")));
    b.stmt("c", b.apply("tanh", b.v("b")));
    b.stmt("out", b.apply("add", b.apply("add", b.v("c"), b.v("b")),
        b.apply("mul", b.v("a"), b.v("a"))));
    Graph g = b.build("out", "t");

    Graph levelled = Levelling.apply(g);

    assertThat(Levelling.plan(g))
        .containsExactly(new Insertion("b", "out", 1), new Insertion("a", "out", 2));
    assertThat(names(levelled)).containsExactly(
        "x", "t", "a", "b", "c", "b->out~1", "a->out~1", "a->out~2", "out");
    assertThat(levelled.vertex("out").inputs()).containsExactly("c", "b->out~1", "a->out~2");
    assertThat(Schedule.of(levelled).isLevelled()).isTrue();
  }

  @Test
  void chainsToDifferentReadersOfOneVertexAreSeparate() {
    GraphBuilder b = new GraphBuilder().input("x", 3).target("t", 3);
    b.stmt("a", b.apply("tanh", b.v("x")));
    b.stmt("b", b.apply("tanh", b.v("a")));
    b.stmt("c", b.apply("add", b.apply("tanh", b.v("b")), b.v("a")));
    b.stmt("out", b.apply("add", b.apply("tanh", b.v("c")), b.v("a")));
    Graph g = b.build("out", "t");

    assertThat(Levelling.plan(g))
        .containsExactly(new Insertion("a", "c", 1), new Insertion("a", "out", 2));
    assertThat(Schedule.of(Levelling.apply(g)).isLevelled()).isTrue();
  }

  @Test
  void alreadyLevelledMlpGetsNoIdentities() {
    Graph g = mlp();

    Graph levelled = Levelling.apply(g);

    assertThat(Levelling.plan(g)).isEmpty();
    assertThat(levelled.vertices()).containsExactlyElementsOf(g.vertices());
    assertThat(Schedule.of(g).isLevelled()).isTrue();
  }

  @Test
  void levellingTwiceInsertsNothingMore() {
    Graph once = Levelling.apply(residualBlock());

    assertThat(Levelling.plan(once)).isEmpty();
    assertThat(Levelling.apply(once).vertices()).containsExactlyElementsOf(once.vertices());
  }

  @Test
  void leavesReadFarFromTheOutputGetNoIdentities() {
    // The input and the constant are read at level 2 and at level 0; leaves are clamped.
    GraphBuilder b = new GraphBuilder().input("x", 3).target("t", 3).constant("c", 0.5, 3);
    b.stmt("a", b.apply("tanh", b.apply("add", b.v("x"), b.v("c"))));
    b.stmt("b", b.apply("tanh", b.v("a")));
    b.stmt("out", b.apply("add", b.apply("add", b.v("b"), b.v("x")), b.v("c")));
    Graph g = b.build("out", "t");

    Graph levelled = Levelling.apply(g);

    assertThat(Levelling.plan(g)).isEmpty();
    assertThat(names(levelled)).containsExactlyElementsOf(names(g));
  }

  @Test
  void scheduleOfUnlevelledGraphReportsLongEdges() {
    Schedule s = Schedule.of(residualBlock());

    assertThat(s.isLevelled()).isFalse();
    assertThat(s.edgeSpans()).containsExactly(new EdgeSpan("h1", "h2", 1),
        new EdgeSpan("h2", "h3", 1), new EdgeSpan("h3", "out", 1), new EdgeSpan("h1", "out", 3));
    assertThat(s.levels())
        .containsExactly(entry("h1", 3), entry("h2", 2), entry("h3", 1), entry("out", 0));
    assertThat(s.hasLevel("x")).isFalse();
  }

  @Test
  void sharedParameterGetsOneUsePerReadingVertexAtItsLevel() {
    GraphBuilder b = new GraphBuilder().input("x", 3).target("t", 2).constant("h0", 0, 3)
        .param("W", 3, 3).param("U", 3, 3).param("V", 2, 3);
    for (int step = 1; step <= 3; step++) {
      String previous = step == 1 ? "h0" : "h" + (step - 1);
      b.stmt("h" + step, b.apply("tanh", b.apply("add",
          b.apply("matmul", b.p("W"), b.v(previous)), b.apply("matmul", b.p("U"), b.v("x")))));
    }
    b.stmt("out", b.apply("matmul", b.p("V"), b.v("h3")));
    Schedule s = Schedule.of(b.build("out", "t"));

    assertThat(s.paramUses()).containsExactly(
        new Schedule.ParamUse("V", "out", 0),
        new Schedule.ParamUse("W", "h3", 1), new Schedule.ParamUse("U", "h3", 1),
        new Schedule.ParamUse("W", "h2", 2), new Schedule.ParamUse("U", "h2", 2),
        new Schedule.ParamUse("W", "h1", 3), new Schedule.ParamUse("U", "h1", 3));
    assertThat(s.paramUsesAt(2)).extracting(Schedule.ParamUse::param).containsExactly("W", "U");
  }

  @Test
  void passesWithLevellingOffKeepTheGraphAndScheduleIt() {
    Graph g = residualBlock();

    Compiled off = Passes.run(g, false);
    Compiled on = Passes.run(g, true);

    assertThat(off.graph()).isSameAs(g);
    assertThat(off.schedule().isLevelled()).isFalse();
    assertThat(off.insertions()).isEmpty();
    assertThat(on.insertions()).containsExactly(new Insertion("h1", "out", 2));
    assertThat(on.identityCount()).isEqualTo(2);
    assertThat(on.schedule().isLevelled()).isTrue();
    assertThat(on.schedule().graph()).isSameAs(on.graph());
  }

  private static List<String> names(Graph g) {
    return g.vertices().stream().map(Vertex::name).toList();
  }
}
