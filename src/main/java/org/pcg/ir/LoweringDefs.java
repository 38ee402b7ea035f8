package org.pcg.ir;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.pcg.syntax.SourceSpan;
import org.pcg.syntax.ast.Expr;
import org.pcg.syntax.ast.Stmt;

/**
 * Everything the model defines once layers are expanded and loops unrolled, keyed by
 * model-level name: data leaves, parameters and the statements that become vertices (their
 * expressions not yet lowered), plus the loss and train statements.
 */
final class LoweringDefs {

  /** A statement to become a vertex: its expression, read in {@code scope}. */
  record VertexDef(String name, Expr value, Scope scope, SourceSpan span) {}

  /** A parameter with the name the author gave it in its declaration. */
  record ParamDef(Param param, String localName) {}

  /** The loss statement and the scope its names are read in. */
  record LossDef(Stmt.Loss stmt, Scope scope) {}

  final List<Vertex> leaves = new ArrayList<>();
  final Map<String, ParamDef> params = new LinkedHashMap<>();
  final Map<String, VertexDef> vertices = new LinkedHashMap<>();
  final Map<String, TreeMap<Integer, SourceSpan>> families = new LinkedHashMap<>();
  final List<LossDef> losses = new ArrayList<>();
  final List<Stmt.Train> trains = new ArrayList<>();

  int size() {
    return leaves.size() + params.size() + vertices.size();
  }

  /** Records that element {@code index} of {@code family} is defined at {@code span}. */
  void addFamilyElement(String family, int index, SourceSpan span) {
    families.computeIfAbsent(family, f -> new TreeMap<>()).put(index, span);
  }

  /** Where element {@code index} of {@code family} is defined, or null. */
  SourceSpan elementAt(String family, int index) {
    TreeMap<Integer, SourceSpan> elements = families.get(family);
    return elements == null ? null : elements.get(index);
  }

  /** The indices of a family's elements as an author reads them: {@code 0..28}. */
  String elementsOf(String family) {
    TreeMap<Integer, SourceSpan> elements = families.get(family);
    if (elements == null || elements.isEmpty()) {
      return "no elements";
    }
    int first = elements.firstKey();
    int last = elements.lastKey();
    if (last - first + 1 == elements.size()) {
      return first == last ? "only element " + first : "elements " + first + ".." + last;
    }
    return "elements " + String.join(", ", elements.keySet().stream().map(String::valueOf)
        .toList());
  }
}
