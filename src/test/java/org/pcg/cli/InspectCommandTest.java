package org.pcg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pcg.ir.Graph;
import org.pcg.ir.Node;
import org.pcg.passes.GraphBuilder;
import org.pcg.passes.Passes;

class InspectCommandTest {

  /** x -> h1 -> h2 -> out with the skip h1 -> out, and a weight shared by h1 and h2. */
  static Graph residual() {
    GraphBuilder b = new GraphBuilder().input("x", 4).target("t", 4)
        .param("W", 4, 4).param("b", 4);
    b.stmt("h1", b.apply("tanh", b.apply("add", b.apply("matmul", b.p("W"), b.v("x")),
        b.p("b"))));
    b.stmt("h2", b.apply("tanh", b.apply("matmul", b.p("W"), b.v("h1"))));
    b.stmt("out", b.apply("add", b.apply("tanh", b.v("h2")), b.v("h1")));
    return b.build("out", "t");
  }

  private static List<String> report(Graph g, boolean level) {
    StringWriter text = new StringWriter();
    InspectCommand.print(Passes.run(g, level), new PrintWriter(text));
    return text.toString().lines().toList();
  }

  /** Lines with runs of blanks squeezed, so assertions do not depend on column widths. */
  private static List<String> squeezed(List<String> lines) {
    return lines.stream().map(l -> l.strip().replaceAll(" {2,}", " | ")).toList();
  }

  @Test
  void reportListsVerticesWithLevelsIdentitiesAndSchedule() {
    List<String> lines = squeezed(report(residual(), true));

    assertThat(lines).contains(
        "model hand (hand-built.pcg)",
        "levelling on: 1 identity on 1 edge; levels 0..2",
        "input | x | [4]",
        "W | [4, 4] | zeros | h1, h2",
        "2 | h1 | [4] | tanh(W @ x + b)",
        "1 | h1->out~1 | [4] | id(h1)",
        "0 | out | [4] | tanh(h2) + h1->out~1",
        "h1 -> out | 2 | h1->out~1");
    assertThat(lines).containsSubsequence("step | param | vertex",
        "1 | W | h2", "2 | W | h1", "2 | b | h1");
  }

  @Test
  void reportWithLevellingOffNamesTheLongEdges() {
    List<String> lines = squeezed(report(residual(), false));

    assertThat(lines).contains(
        "levelling off: 1 edge spans more than one level; levels 0..2",
        "0 | out | [4] | tanh(h2) + h1",
        "h1 -> out | 2");
    assertThat(lines).noneMatch(l -> l.contains("~"));
  }

  @Test
  void columnsOfATableLineUp() {
    List<String> lines = report(residual(), true);
    int header = lines.indexOf("  level  name       shape  expression");

    assertThat(header).isPositive();
    for (String row : lines.subList(header + 1, header + 5)) {
      assertThat(row.substring(9, 11)).as(row).doesNotContain(" ");
      assertThat(row.charAt(8)).as(row).isEqualTo(' ');
      assertThat(row.substring(20)).as(row).startsWith("[4]");
    }
  }

  @Test
  void expressionsPrintInModelSyntaxWithNeededParenthesesOnly() {
    GraphBuilder b = new GraphBuilder().input("a", 3).input("c", 3).input("m", 2, 3)
        .param("W", 3, 3);
    Node left = b.apply("sub", b.v("a"), b.apply("sub", b.v("c"), b.v("a")));
    Node product = b.apply("mul", b.apply("add", b.v("a"), b.v("c")), b.v("c"));
    Node negated = b.apply("neg", b.apply("matmul", b.p("W"), b.v("a")));
    Node indexed = b.applyWith("index", Map.of("index", 1), b.v("m"));
    Node softmax = b.apply("softmax", b.apply("add", b.v("a"), b.v("c")));

    assertThat(InspectCommand.Expressions.format(left)).isEqualTo("a - (c - a)");
    assertThat(InspectCommand.Expressions.format(product)).isEqualTo("(a + c) * c");
    assertThat(InspectCommand.Expressions.format(negated)).isEqualTo("-(W @ a)");
    assertThat(InspectCommand.Expressions.format(indexed)).isEqualTo("m[1]");
    assertThat(InspectCommand.Expressions.format(softmax)).isEqualTo("softmax(a + c, axis=-1)");
  }
}
