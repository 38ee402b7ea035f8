package org.pcg.ir;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pcg.syntax.SourceSpan;

/**
 * Builds the vertices of the expanded model. A vertex is built when first read (or in
 * definition order), so statements may use names defined further down; a statement that
 * reads itself, directly or through others, is reported as a cycle. Vertices come out in
 * topological order: each one after everything it reads.
 */
final class LoweringBuilder {

  private final LoweringReport report;
  private final LoweringDefs defs;
  private final LoweringExprs exprs;
  private final Map<String, Vertex> built = new LinkedHashMap<>();
  private final Set<String> failed = new HashSet<>();
  private final Set<String> inProgress = new LinkedHashSet<>();

  LoweringBuilder(LoweringReport report, LoweringDefs defs, LoweringConstants constants,
      LoweringNames names) {
    this.report = report;
    this.defs = defs;
    this.exprs = new LoweringExprs(report, defs, constants, names, this);
  }

  LoweringExprs exprs() {
    return exprs;
  }

  /** Every vertex, data leaves first, in topological order; failed ones are left out. */
  List<Vertex> buildAll() {
    defs.leaves.forEach(leaf -> built.put(leaf.name(), leaf));
    for (String name : defs.vertices.keySet()) {
      vertex(name, null);
    }
    return new ArrayList<>(built.values());
  }

  /** The vertex {@code name}, built if need be; null when it failed or closes a cycle. */
  Vertex vertex(String name, SourceSpan readAt) {
    Vertex v = built.get(name);
    if (v != null || failed.contains(name)) {
      return v;
    }
    if (inProgress.contains(name)) {
      reportCycle(name, readAt);
      return null;
    }
    LoweringDefs.VertexDef def = defs.vertices.get(name);
    inProgress.add(name);
    Node expr = exprs.lower(def.value(), def.scope());
    inProgress.remove(name);
    Vertex result = expr == null ? null : vertexOf(def, expr);
    if (result == null) {
      failed.add(name);
    } else {
      built.put(name, result);
    }
    return result;
  }

  private void reportCycle(String name, SourceSpan readAt) {
    List<String> path = new ArrayList<>();
    boolean onCycle = false;
    for (String n : inProgress) {
      onCycle |= n.equals(name);
      if (onCycle) {
        path.add(n);
      }
    }
    path.add(name);
    String how = path.size() == 2 ? "" : ": " + String.join(" -> ", path);
    report.error(readAt, "'" + name + "' depends on itself" + how);
  }

  /**
   * The vertex a statement makes: a constant leaf for zeros/ones/a number, otherwise a
   * statement vertex, which must depend on an input.
   */
  private Vertex vertexOf(LoweringDefs.VertexDef def, Node expr) {
    if (expr instanceof Node.Constant c) {
      return Vertex.constant(def.name(), c, def.span());
    }
    if (!readsAnything(expr)) {
      report.error(def.span(), "'" + def.name() + "' is a constant expression; a constant"
          + " statement must be a number, zeros([...]) or ones([...])");
      return null;
    }
    if (!expr.batched()) {
      report.error(def.span(), "'" + def.name() + "' depends on no input: every statement"
          + " must depend on an input, directly or through other statements");
      return null;
    }
    if (expr instanceof Node.VertexRef) {
      expr = new Node.Apply(LoweringOps.identity(), List.of(expr), Attrs.NONE, expr.shape(),
          expr.span());
    }
    return Vertex.statement(def.name(), expr, def.span());
  }

  private static boolean readsAnything(Node expr) {
    boolean[] reads = {false};
    expr.walk(n -> reads[0] |= n instanceof Node.VertexRef || n instanceof Node.ParamRef);
    return reads[0];
  }
}
