package org.pcg.syntax;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.pcg.ir.Graph;
import org.pcg.ir.Node;
import org.pcg.ir.Vertex;

/** Lowering of the constructs the samples do not all show, checked on small models. */
class LoweringTest {

  private static final String HEAD = "model m {\n  input x : [6, 8]\n  target y : [4]\n";
  private static final String TAIL = "\n  loss mse(out, y)\n}\n";

  private static Graph lower(String body) {
    return Frontend.compile("test.pcg", HEAD + body + TAIL, new Diagnostics());
  }

  private static int[] dims(Graph g, String vertex) {
    return g.vertex(vertex).shape().dims();
  }

  @Test
  void slicesKeepRangesAndSingleIndicesDropTheirAxis() {
    Graph g = lower("""
          a = x[0:4, 2:6]
          b = x[1, 4:]
          c = x[-1]
          out = sum(a, axis=1) + b + c[0:4]
        """);

    assertThat(dims(g, "a")).containsExactly(4, 4);
    assertThat(dims(g, "b")).containsExactly(4);
    assertThat(dims(g, "c")).containsExactly(8);
    assertThat(g.vertex("c").expr().toString()).isEqualTo("index(x, index=5)");
  }

  @Test
  void negativeIndicesAndSliceBoundsCountFromTheEnd() {
    Graph g = lower("""
          a = x[-6:-2, -4:]
          b = x[:-5, 4:8]
          c = x[-6, :-4]
          out = sum(a, axis=1) + b[0] + c
        """);

    assertThat(g.vertex("a").expr().toString())
        .isEqualTo("slice(x, starts=[0, 4], ends=[4, 8])");
    assertThat(dims(g, "b")).containsExactly(1, 4);
    assertThat(dims(g, "c")).containsExactly(4);
  }

  @Test
  void statementNamingAnotherVertexBecomesAnIdentity() {
    Graph g = lower("  param W : [4, 8]\n  h = W @ x[0]\n  out = h");

    Node expr = g.vertex("out").expr();

    assertThat(expr).isInstanceOf(Node.Apply.class);
    assertThat(((Node.Apply) expr).op().name()).isEqualTo("id");
  }

  @Test
  void layerCallsInsideLayersAndLoopsGetFreshParameters() {
    String text = """
        layer dense(x, n: int) {
          param W : [n, n] init he
          return tanh(W @ x)
        }
        layer block(x, n: int) {
          first = dense(x, n)
          return dense(first, n)
        }
        model m {
          input x : [8]
          target y : [8]
          z[0] = block(x, 8)
          for t in 1..2 {
            z[t] = dense(z[t-1], n=8)
          }
          out = z[2]
          loss mse(out, y)
        }
        """;

    Graph g = Frontend.compile("t.pcg", text, new Diagnostics());

    assertThat(g.params()).extracting(p -> p.name())
        .containsExactly("z[0].first.W", "z[0].W", "z[1].W", "z[2].W");
    assertThat(g.vertex("z[0]").inputs()).containsExactly("z[0].first");
    assertThat(g.vertex("z[2]").inputs()).containsExactly("z[1]");
  }

  @Test
  void statementsMayUseNamesDefinedFurtherDown() {
    Graph g = lower("  out = tanh(h)\n  h = x[0:4, 0]");

    assertThat(g.vertices()).extracting(Vertex::name).containsExactly("x", "y", "h", "out");
  }

  @Test
  void loopVariablesAndIntArgumentsAreNumbersInExpressions() {
    Graph g = lower("  for t in 1..2 {\n    s[t] = x[t, 0:4] * t\n  }\n  out = s[1] + s[2]");

    assertThat(g.vertex("s[2]").expr().toString()).isEqualTo(
        "mul(reshape(slice(x, starts=[2, 0], ends=[3, 4]), shape=[4]), 2.0)");
  }

  @Test
  void trainBlockKeepsWordsAndNumbers() {
    Graph g = lower("""
          out = x[0, 0:4]
          train { algorithm = zil-faithful; lr = .5, epochs = 2 }
        """);

    assertThat(g.defaults().word("algorithm", "")).isEqualTo("zil-faithful");
    assertThat(g.defaults().number("lr", 0)).isEqualTo(0.5);
    assertThat(g.defaults().number("epochs", 0)).isEqualTo(2);
  }

  @Test
  void lossReductionDefaultsToMean() {
    Graph mean = lower("  out = x[0, 0:4]");
    String sumText = HEAD + "  out = x[0, 0:4]\n  loss mse(out, y, reduction=sum)\n}\n";

    Graph sum = Frontend.compile("t.pcg", sumText, new Diagnostics());

    assertThat(mean.loss().mean()).isTrue();
    assertThat(sum.loss().mean()).isFalse();
  }

  @Test
  void initialisersReadTheirArgumentsAndAliases() {
    Graph g = lower("""
          param A : [4, 8] init uniform(-0.1, 2 * 0.05)
          param B : [4, 8] init xavier
          out = A @ x[0] + B @ x[1]
        """);

    assertThat(g.param("A").init().toString()).isEqualTo("uniform(-0.1, 0.1)");
    assertThat(g.param("B").init().toString()).isEqualTo("glorot");
  }

  @Test
  void everyVertexCarriesTheSpanOfItsStatement() {
    Graph g = lower("  out = x[0, 0:4]");

    assertThat(g.vertex("out").span()).isEqualTo(new SourceSpan("test.pcg", 4, 3, 3));
  }
}
