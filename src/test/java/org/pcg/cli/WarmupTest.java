package org.pcg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.pcg.ir.Graph;
import org.pcg.passes.Passes;
import org.pcg.syntax.Diagnostics;
import org.pcg.syntax.Frontend;

/** The warm-up swallows every fault, so its model must be checked to compile here. */
class WarmupTest {

  @Test
  void theWarmupModelCompilesCleanlyThroughThePasses() {
    Diagnostics diagnostics = new Diagnostics();

    Graph graph = Frontend.compile("warmup.pcg", Warmup.MODEL, diagnostics);

    assertThat(diagnostics.all()).isEmpty();
    assertThat(Passes.run(graph, true).graph().vertices()).isNotEmpty();
  }
}
