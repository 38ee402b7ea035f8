package org.pcg.codegen;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.pcg.ir.Node;
import org.pcg.ir.OpEmit;

/**
 * What flows back through one vertex's expression: which nodes need a gradient, which
 * send one on to a vertex (not only to parameters), and which gradient buffers the
 * backward code writes whole instead of adding to.
 */
final class GradientPlan {

  private final ModelContext ctx;
  private final Map<Node, Boolean> needsGrad = new IdentityHashMap<>();
  private final Map<Node, Boolean> reachesVertex = new IdentityHashMap<>();
  private final Map<Node.Apply, boolean[]> writes = new IdentityHashMap<>();
  private final Map<Node, Boolean> written = new IdentityHashMap<>();
  private final Map<Node, Node.Apply> sharesGradOf = new IdentityHashMap<>();

  /** The plan of the ops in {@code order} (arguments before their readers). */
  GradientPlan(ModelContext ctx, List<Node.Apply> order) {
    this.ctx = ctx;
    decideWrites(order);
  }

  /** Which arguments of {@code a} its backward code writes instead of adding to. */
  boolean[] writes(Node.Apply a) {
    return writes.get(a);
  }

  /** Whether a temporary's gradient buffer is written whole by its one reader. */
  boolean written(Node n) {
    return written.containsKey(n);
  }

  /** The op whose gradient buffer {@code n} shares (its gradient passes unchanged), or null. */
  Node.Apply sharesGradOf(Node n) {
    return sharesGradOf.get(n);
  }

  /**
   * Decides which gradient buffers the vertex's backward code writes instead of adding to:
   * those with one writer in the whole graph (a temporary read once, a parameter or vertex
   * read once anywhere) whose reading op can write every element itself. Each vertex learns
   * exactly once per step in every rule, and each vertex's backward method sends to its
   * inputs once per clearing of the feedback, so such a buffer needs no zeroing.
   */
  private void decideWrites(List<Node.Apply> order) {
    Map<Node, Integer> readers = new IdentityHashMap<>();
    order.forEach(a -> a.args().forEach(x -> readers.merge(x, 1, Integer::sum)));
    for (Node.Apply a : order) {
      boolean[] w = new boolean[a.args().size()];
      for (int i = 0; i < w.length; i++) {
        Node x = a.args().get(i);
        OpEmit shapes = NodeEmitter.forShapes(a, ctx.numbers);
        w[i] = needsGrad(x) && soleWriter(x, readers)
            && a.op().codegen().writesGrad(shapes, i);
        if (w[i]) {
          noteWritten(x);
        }
        if (w[i] && x instanceof Node.Apply t && a.op().codegen().passesGrad(shapes, i)) {
          sharesGradOf.put(t, a);
        }
      }
      writes.put(a, w);
    }
  }

  private boolean soleWriter(Node x, Map<Node, Integer> readers) {
    if (x instanceof Node.ParamRef p) {
      return ctx.paramReads(p.param()) == 1;
    }
    if (x instanceof Node.VertexRef r) {
      return ctx.vertexReads(r.vertex()) == 1;
    }
    return x instanceof Node.Apply && readers.get(x) == 1;
  }

  private void noteWritten(Node x) {
    if (x instanceof Node.ParamRef p) {
      ctx.writtenUpdates.add(p.param());
    } else if (x instanceof Node.VertexRef r) {
      ctx.writtenFeedback.add(r.vertex());
    } else {
      written.put(x, true);
    }
  }

  boolean needsGrad(Node n) {
    Boolean known = needsGrad.get(n);
    if (known != null) {
      return known;
    }
    boolean needs = n instanceof Node.ParamRef || reachesVertex(n)
        || n instanceof Node.Apply a && a.args().stream().anyMatch(this::needsGrad);
    needsGrad.put(n, needs);
    return needs;
  }

  /** Whether a gradient of {@code n} reaches a vertex (not only parameters). */
  boolean reachesVertex(Node n) {
    Boolean known = reachesVertex.get(n);
    if (known != null) {
      return known;
    }
    boolean reaches = n instanceof Node.VertexRef r
        ? !ctx.graph.vertex(r.vertex()).isLeaf()
        : n instanceof Node.Apply a && a.args().stream().anyMatch(this::reachesVertex);
    reachesVertex.put(n, reaches);
    return reaches;
  }
}
