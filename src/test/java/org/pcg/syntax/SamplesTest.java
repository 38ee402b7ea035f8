package org.pcg.syntax;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pcg.ir.Graph;
import org.pcg.ir.Vertex;

/** Every shipped sample compiles cleanly to the graph its comments describe. */
class SamplesTest {

  private static final Path SAMPLES = Path.of("samples");

  /** Sample name to its vertex count, data leaves and constants included. */
  private static final Map<String, Integer> VERTICES = Map.of(
      "mlp", 5,            // image, label, h1, h2, logits
      "deep_mlp", 9,       // image, label, h1..h6, logits
      "lenet5", 9,         // image, label, conv1, pool1, conv2, pool2, fc3, fc4, logits
      "resnet", 9,         // image, label, stem, block1.inner, block1, pooled, block2.inner,
                           // block2, logits
      "rnn", 32,           // image, label, h[0] (constant), h[1..28], logits
      "transformer", 14,   // image, label, patches, tokens, normed, q, k, v, weights,
                           // attended, hidden, encoded, pooled, logits
      "tiny", 6);          // x, y, a, b, c, d

  static Stream<String> samples() throws IOException {
    try (Stream<Path> files = Files.list(SAMPLES)) {
      List<String> names = files.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".pcg"))
          .map(n -> n.substring(0, n.length() - ".pcg".length()))
          .sorted()
          .toList();
      return names.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void lowersWithoutDiagnostics(String name) {
    Diagnostics diagnostics = new Diagnostics();

    Graph graph = Frontend.load(SAMPLES.resolve(name + ".pcg"), diagnostics);

    assertThat(diagnostics.all()).isEmpty();
    assertThat(graph.vertices()).hasSize(VERTICES.get(name));
    assertThat(graph.output().kind()).isEqualTo(Vertex.Kind.STATEMENT);
  }

  @Test
  void everySampleHasAnExpectedVertexCount() throws IOException {
    assertThat(samples().toList()).containsExactlyInAnyOrderElementsOf(VERTICES.keySet());
  }

  @Test
  void rnnSharesItsWeightsAcrossAllSteps() {
    Graph rnn = Frontend.load(SAMPLES.resolve("rnn.pcg"));

    assertThat(rnn.params()).hasSize(5);
    assertThat(rnn.vertex("h[0]").kind()).isEqualTo(Vertex.Kind.CONSTANT);
    for (int t = 1; t <= 28; t++) {
      assertThat(rnn.vertex("h[" + t + "]").params()).containsExactly("Wh", "Wx", "b");
    }
  }

  @Test
  void layerCallsGetFreshParametersNamedAfterTheirStatement() {
    Graph deep = Frontend.load(SAMPLES.resolve("deep_mlp.pcg"));

    assertThat(deep.vertex("h3").params()).containsExactly("h3.W", "h3.b");
    assertThat(deep.param("h3.W").shape().dims()).containsExactly(128, 256);
  }
}
