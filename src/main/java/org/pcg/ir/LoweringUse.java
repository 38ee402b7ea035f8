package org.pcg.ir;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pcg.syntax.SourceSpan;

/**
 * Checks how the built vertices are used: every statement must lead to the loss's output
 * (an error: predictive coding would give it an error node with nothing to drive it), and
 * inputs, targets, constants, parameters and layers that nothing uses get a warning.
 */
final class LoweringUse {

  private final LoweringReport report;

  LoweringUse(LoweringReport report) {
    this.report = report;
  }

  void check(List<Vertex> vertices, LoweringDefs defs, Loss loss) {
    Map<String, Vertex> byName = new LinkedHashMap<>();
    vertices.forEach(v -> byName.put(v.name(), v));
    Set<String> needed = ancestors(loss.output(), byName);
    Set<String> read = new HashSet<>();
    Set<String> params = new HashSet<>();
    for (Vertex v : vertices) {
      read.addAll(v.inputs());
      params.addAll(v.params());
    }
    for (Vertex v : vertices) {
      checkVertex(v, needed, read, loss);
    }
    unusedParams(defs, params);
  }

  private void checkVertex(Vertex v, Set<String> needed, Set<String> read, Loss loss) {
    boolean used = read.contains(v.name()) || v.name().equals(loss.target());
    switch (v.kind()) {
      case STATEMENT:
        if (!needed.contains(v.name())) {
          report.error(v.span(), "'" + v.name() + "' is computed but never reaches '"
              + loss.output() + "', the output the loss reads: use it or remove it");
        }
        break;
      case INPUT:
        warnUnless(used, v.span(), "input '" + v.name() + "' is never used");
        break;
      case TARGET:
        warnUnless(used, v.span(), "target '" + v.name() + "' is never used");
        break;
      default:
        warnUnless(used, v.span(), "constant '" + v.name() + "' is never used");
        break;
    }
  }

  /** One warning per declaration, however many layer calls or loop steps repeated it. */
  private void unusedParams(LoweringDefs defs, Set<String> used) {
    Map<SourceSpan, String> unused = new LinkedHashMap<>();
    Set<SourceSpan> usedSomewhere = new HashSet<>();
    for (LoweringDefs.ParamDef p : defs.params.values()) {
      if (used.contains(p.param().name())) {
        usedSomewhere.add(p.param().span());
      } else {
        unused.putIfAbsent(p.param().span(), p.localName());
      }
    }
    unused.forEach((span, name) -> warnUnless(usedSomewhere.contains(span), span,
        "parameter '" + name + "' is never used"));
  }

  private void warnUnless(boolean used, SourceSpan at, String message) {
    if (!used) {
      report.warning(at, message);
    }
  }

  /** The output and every vertex it reads, directly or not. */
  private static Set<String> ancestors(String output, Map<String, Vertex> byName) {
    Set<String> seen = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>(List.of(output));
    while (!todo.isEmpty()) {
      String name = todo.pop();
      if (seen.add(name)) {
        todo.addAll(byName.get(name).inputs());
      }
    }
    return seen;
  }
}
