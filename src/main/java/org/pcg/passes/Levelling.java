package org.pcg.passes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pcg.ir.Graph;
import org.pcg.ir.Node;
import org.pcg.ir.Vertex;
import org.pcg.syntax.SourceSpan;

/**
 * The levelling pass: inserts identity vertices on short paths so that every path from a
 * vertex to the output has the same length, which Z-IL needs to equal BP.
 *
 * <p>With {@code L(v)} the longest path length from {@code v} to the output, an edge
 * {@code u -> w} with {@code L(u) - L(w) - 1 > 0} gets that many identities in a chain
 * {@code u -> u->w~1 -> u->w~2 -> ... -> w}. Longest paths do not change, so afterwards
 * every edge between non-leaf vertices spans one level and {@code level(v) = L(v)}.
 *
 * <p>Edges out of leaves are left alone. Levelling exists to delay errors travelling back
 * along short paths so that all paths deliver them at the same step; a leaf (input or
 * constant) has no error node and its value is clamped for the whole inference, so reading
 * it "early" changes nothing and an identity after it would only add a vertex with an error
 * that is always zero.
 */
public final class Levelling {

  /** The identities put on one edge {@code from -> to}: {@code count} of them in a chain. */
  public record Insertion(String from, String to, int count) {

    /** Names of the identities, from the one reading {@code from} to the one {@code to} reads. */
    public List<String> names() {
      List<String> names = new ArrayList<>();
      for (int k = 1; k <= count; k++) {
        names.add(identityName(from, to, k));
      }
      return names;
    }
  }

  private Levelling() {}

  /**
   * The name of the {@code k}-th identity on the edge {@code from -> to}. Model names never
   * contain {@code -}, {@code >} or {@code ~}, so it cannot collide with one, and it reads as
   * the edge it lengthens.
   */
  public static String identityName(String from, String to, int k) {
    return from + "->" + to + "~" + k;
  }

  /** The identities levelling {@code g} would insert, ordered by the reading vertex. */
  public static List<Insertion> plan(Graph g) {
    return Schedule.of(g).edgeSpans().stream()
        .filter(e -> e.span() > 1)
        .map(e -> new Insertion(e.from(), e.to(), e.span() - 1))
        .toList();
  }

  /**
   * {@code g} levelled: identity chains on every edge that spans more than one level,
   * topological order kept (each chain just before the vertex it feeds). Runs the verifier
   * on the result.
   */
  public static Graph apply(Graph g) {
    Map<String, List<Insertion>> byReader = new LinkedHashMap<>();
    for (Insertion ins : plan(g)) {
      byReader.computeIfAbsent(ins.to(), k -> new ArrayList<>()).add(ins);
    }
    List<Vertex> vertices = new ArrayList<>();
    for (Vertex w : g.vertices()) {
      List<Insertion> chains = byReader.getOrDefault(w.name(), List.of());
      vertices.add(chains.isEmpty() ? w : withChains(g, w, chains, vertices));
    }
    Graph levelled = g.withVertices(vertices);
    Verifier.check(levelled, "levelling");
    return levelled;
  }

  /** Appends the chains feeding {@code w} to {@code out}; returns {@code w} reading them. */
  private static Vertex withChains(Graph g, Vertex w, List<Insertion> chains, List<Vertex> out) {
    Map<String, String> redirects = new LinkedHashMap<>();
    for (Insertion ins : chains) {
      SourceSpan readSpan = firstRead(w.expr(), ins.from()).span();
      Vertex previous = g.vertex(ins.from());
      for (String name : ins.names()) {
        previous = Vertex.identity(name, previous, readSpan);
        out.add(previous);
      }
      redirects.put(ins.from(), previous.name());
    }
    return w.withExpr(redirect(w.expr(), redirects));
  }

  private static Node.VertexRef firstRead(Node expr, String vertex) {
    List<Node.VertexRef> reads = new ArrayList<>();
    expr.walk(n -> {
      if (n instanceof Node.VertexRef r && r.vertex().equals(vertex)) {
        reads.add(r);
      }
    });
    return reads.get(0);
  }

  /** {@code expr} with every read of a key of {@code redirects} reading its value instead. */
  private static Node redirect(Node expr, Map<String, String> redirects) {
    if (expr instanceof Node.VertexRef r && redirects.containsKey(r.vertex())) {
      return r.redirect(redirects.get(r.vertex()));
    }
    if (expr instanceof Node.Apply a) {
      return a.withArgs(a.args().stream().map(arg -> redirect(arg, redirects)).toList());
    }
    return expr;
  }
}
