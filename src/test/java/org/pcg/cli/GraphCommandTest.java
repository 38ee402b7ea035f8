package org.pcg.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcg.ir.Graph;
import org.pcg.passes.Compiled;
import org.pcg.passes.GraphBuilder;
import org.pcg.passes.Passes;
import org.pcg.passes.Schedule;

class GraphCommandTest {

  @TempDir Path dir;

  @Test
  void quotingEscapesQuotesAndBackslashes() {
    assertThat(GraphCommand.quote("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
    assertThat(GraphCommand.quote("two\nlines\u0007")).isEqualTo("\"two\\nlines \"");
  }

  @Test
  void levelledDrawingHasIdentitiesAndOneRankPerLevel() {
    Compiled c = Passes.run(InspectCommandTest.residual(), true);

    String dot = GraphCommand.dot(c.graph(), c.schedule(), true);

    assertThat(dot).contains("\"h1->out~1\" [shape=circle, style=dashed");
    assertThat(dot).contains("{ rank=same; \"#level 1\"; \"h2\"; \"h1->out~1\"; }");
    assertThat(dot).doesNotContain("color=red");
  }

  @Test
  void originalDrawingMarksEdgesThatSpanLevels() {
    Compiled c = Passes.run(InspectCommandTest.residual(), true);

    String dot = GraphCommand.dot(c.original(), Schedule.of(c.original()), false);

    assertThat(dot).contains("\"h1\" -> \"out\" [color=red, penwidth=1.5];");
    assertThat(dot).doesNotContain("~");
  }

  @Test
  void drawingsRenderWithGraphviz() throws IOException {
    Path dotProgram = GraphCommand.findOnPath("dot");
    assumeTrue(dotProgram != null, "Graphviz dot is not installed");
    Compiled c = Passes.run(InspectCommandTest.residual(), true);

    for (boolean levelled : new boolean[] {false, true}) {
      Graph g = levelled ? c.graph() : c.original();
      Path file = dir.resolve(levelled ? "levelled.dot" : "original.dot");
      Files.writeString(file, GraphCommand.dot(g, Schedule.of(g), levelled));
      Path svg = dir.resolve(file.getFileName() + ".svg");
      GraphCommand.render(dotProgram, file, svg);
      assertThat(Files.readString(svg, StandardCharsets.UTF_8)).contains("<svg");
    }
  }

  @Test
  void hostileNamesStillMakeValidDot() throws IOException {
    Path dotProgram = GraphCommand.findOnPath("dot");
    assumeTrue(dotProgram != null, "Graphviz dot is not installed");
    GraphBuilder b = new GraphBuilder().input("x\"];evil\\", 2).target("t", 2);
    b.stmt("out", b.apply("tanh", b.v("x\"];evil\\")));
    Graph g = b.build("out", "t");
    Path file = dir.resolve("hostile.dot");
    Files.writeString(file, GraphCommand.dot(g, Schedule.of(g), false));

    GraphCommand.render(dotProgram, file, dir.resolve("hostile.svg"));

    assertThat(Files.readString(dir.resolve("hostile.svg"))).contains("evil\\");
  }

  @Test
  void fileStemKeepsIdentifiersAndDefusesPaths() {
    assertThat(GraphCommand.fileStem("resnet_small")).isEqualTo("resnet_small");
    assertThat(GraphCommand.fileStem("../etc/passwd")).doesNotContain("/");
  }
}
