package org.pcg.codegen;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pcg.ir.Attrs;
import org.pcg.ir.Graph;
import org.pcg.ir.Init;
import org.pcg.ir.Loss;
import org.pcg.ir.Node;
import org.pcg.ir.OpCatalog;
import org.pcg.ir.Param;
import org.pcg.ir.Shape;
import org.pcg.ir.ShapeException;
import org.pcg.ir.TrainingDefaults;
import org.pcg.ir.Vertex;
import org.pcg.syntax.SourceSpan;

/** Builds IR graphs by hand for the code generator's tests, as lowering would. */
final class TestGraph {

  static final String FILE = "hand-built.pcg";

  private final String name;
  private final Map<String, Vertex> vertices = new LinkedHashMap<>();
  private final List<Param> params = new ArrayList<>();
  private int line;

  TestGraph(String name) {
    this.name = name;
  }

  TestGraph input(String vertex, int... dims) {
    return add(Vertex.leaf(vertex, Vertex.Kind.INPUT, Shape.of(dims), span()));
  }

  TestGraph target(String vertex, int... dims) {
    return add(Vertex.leaf(vertex, Vertex.Kind.TARGET, Shape.of(dims), span()));
  }

  TestGraph constant(String vertex, double value, int... dims) {
    return add(Vertex.constant(vertex, new Node.Constant(value, Shape.of(dims), span()),
        span()));
  }

  /** A parameter initialised with N(0, 0.5), so gradients are not trivially zero. */
  TestGraph param(String param, int... dims) {
    return param(param, new Init(Init.Kind.NORMAL, List.of(0.0, 0.5)), dims);
  }

  TestGraph param(String param, Init init, int... dims) {
    params.add(new Param(param, Shape.of(dims), init, span()));
    return this;
  }

  TestGraph stmt(String vertex, Node expr) {
    return add(Vertex.statement(vertex, expr, span()));
  }

  Node v(String vertex) {
    Vertex x = vertices.get(vertex);
    return new Node.VertexRef(vertex, x.shape(), x.batched(), span());
  }

  Node p(String param) {
    Param q = params.stream().filter(x -> x.name().equals(param)).findFirst().orElseThrow();
    return new Node.ParamRef(param, q.shape(), span());
  }

  static Node c(double value, int... dims) {
    return new Node.Constant(value, Shape.of(dims), SourceSpan.NONE);
  }

  static Node apply(String op, Node... args) {
    return apply(op, Map.of(), args);
  }

  static Node apply(String op, Map<String, Object> attrs, Node... args) {
    try {
      return Node.Apply.of(OpCatalog.get(op), List.of(args),
          Attrs.of(OpCatalog.get(op), attrs), SourceSpan.NONE);
    } catch (ShapeException e) {
      throw new IllegalArgumentException("test graph is ill-shaped: " + e.getMessage(), e);
    }
  }

  Graph build(Loss.Kind loss, String output, String target, boolean mean) {
    Loss l = new Loss(loss, output, target, mean, span());
    return new Graph(name, FILE, List.copyOf(vertices.values()), params, l,
        TrainingDefaults.NONE);
  }

  private TestGraph add(Vertex v) {
    vertices.put(v.name(), v);
    return this;
  }

  private SourceSpan span() {
    line++;
    return new SourceSpan(FILE, line, 1, 1);
  }
}
