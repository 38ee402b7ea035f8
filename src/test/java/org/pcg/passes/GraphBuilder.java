package org.pcg.passes;

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

/**
 * Builds IR graphs by hand for the pass tests, as lowering would: one source line per
 * declaration and a distinct column for every read, so spans can be traced.
 */
public final class GraphBuilder {

  public static final String FILE = "hand-built.pcg";

  private final Map<String, Vertex> vertices = new LinkedHashMap<>();
  private final List<Param> params = new ArrayList<>();
  private int line;
  private int column;

  public GraphBuilder input(String name, int... dims) {
    return add(Vertex.leaf(name, Vertex.Kind.INPUT, Shape.of(dims), nextLine()));
  }

  public GraphBuilder target(String name, int... dims) {
    return add(Vertex.leaf(name, Vertex.Kind.TARGET, Shape.of(dims), nextLine()));
  }

  public GraphBuilder constant(String name, double value, int... dims) {
    Node.Constant c = new Node.Constant(value, Shape.of(dims), nextColumn());
    return add(Vertex.constant(name, c, nextLine()));
  }

  public GraphBuilder param(String name, int... dims) {
    params.add(new Param(name, Shape.of(dims), Init.ZEROS, nextLine()));
    return this;
  }

  /** A statement vertex {@code name = expr}. */
  public GraphBuilder stmt(String name, Node expr) {
    return add(Vertex.statement(name, expr, nextLine()));
  }

  /** A read of an already defined vertex. */
  public Node v(String name) {
    Vertex vertex = vertices.get(name);
    return new Node.VertexRef(name, vertex.shape(), vertex.batched(), nextColumn());
  }

  /** A read of an already declared parameter. */
  public Node p(String name) {
    Param param = params.stream().filter(q -> q.name().equals(name)).findFirst().orElseThrow();
    return new Node.ParamRef(name, param.shape(), nextColumn());
  }

  /** {@code op(args)} with its shape inferred by the catalogue's rule. */
  public Node apply(String op, Node... args) {
    return applyWith(op, Map.of(), args);
  }

  /** {@code op(args, attrs)}, the op's defaults filling attributes not given. */
  public Node applyWith(String op, Map<String, Object> attrs, Node... args) {
    try {
      Attrs all = Attrs.of(OpCatalog.get(op), attrs);
      return Node.Apply.of(OpCatalog.get(op), List.of(args), all, nextColumn());
    } catch (ShapeException e) {
      throw new IllegalArgumentException("test graph is ill-shaped: " + e.getMessage(), e);
    }
  }

  /** The graph with an mse loss comparing {@code output} with {@code target}. */
  public Graph build(String output, String target) {
    Loss loss = new Loss(Loss.Kind.MSE, output, target, true, nextLine());
    return new Graph("hand", FILE, List.copyOf(vertices.values()), params, loss,
        TrainingDefaults.NONE);
  }

  /** The vertices so far; for tests that assemble a broken graph themselves. */
  public List<Vertex> vertices() {
    return List.copyOf(vertices.values());
  }

  public List<Param> params() {
    return List.copyOf(params);
  }

  private GraphBuilder add(Vertex v) {
    vertices.put(v.name(), v);
    return this;
  }

  private SourceSpan nextLine() {
    line++;
    column = 0;
    return new SourceSpan(FILE, line, 1, 1);
  }

  private SourceSpan nextColumn() {
    column++;
    return new SourceSpan(FILE, line + 1, column, 1);
  }
}
