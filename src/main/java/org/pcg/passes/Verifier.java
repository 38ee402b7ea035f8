package org.pcg.passes;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pcg.ir.Graph;
import org.pcg.ir.Node;
import org.pcg.ir.Op;
import org.pcg.ir.Param;
import org.pcg.ir.Shape;
import org.pcg.ir.ShapeException;
import org.pcg.ir.Vertex;

/**
 * Checks the invariants every pass must keep. Runs after each pass; a failure is a bug in
 * the compiler, not in the model, and the message names the pass and the invariant:
 * {@code internal compiler error after pass 'levelling': vertex reference: ...}.
 *
 * <p>The invariants, by the name a failure reports:
 *
 * <ul>
 *   <li>{@code unique names}: no two vertices, and no vertex and parameter, share a name.
 *   <li>{@code topological order}: every vertex read is defined earlier.
 *   <li>{@code vertex reference}: a read has the shape and batchedness of the vertex read.
 *   <li>{@code parameter reference}: a read names a parameter of the graph, with its shape.
 *   <li>{@code arity}: an op has as many arguments as it accepts.
 *   <li>{@code shape rule}: an op's shape is what its rule gives for its arguments.
 *   <li>{@code vertex shape}: a vertex has the shape and batchedness of its expression.
 *   <li>{@code leaf expression}: inputs and targets have no expression, constants a
 *       constant, every other vertex an expression.
 *   <li>{@code identity form}: a levelling identity is {@code id} of one vertex read.
 *   <li>{@code loss output}: the loss reads a non-leaf vertex.
 *   <li>{@code target}: the loss compares with a target vertex, and nothing reads a target.
 *   <li>{@code reaches output}: every non-leaf vertex has a path to the output.
 * </ul>
 */
public final class Verifier {

  private final Graph graph;
  private final String pass;
  private final Map<String, Param> params = new HashMap<>();

  private Verifier(Graph graph, String pass) {
    this.graph = graph;
    this.pass = pass;
    graph.params().forEach(p -> params.put(p.name(), p));
  }

  /**
   * Checks {@code g} after the pass named {@code afterPass}.
   *
   * @throws IllegalStateException naming the pass, the broken invariant and the detail
   */
  public static void check(Graph g, String afterPass) {
    new Verifier(g, afterPass).run();
  }

  private void run() {
    checkNames();
    Set<String> defined = new HashSet<>();
    for (Vertex v : graph.vertices()) {
      checkVertex(v, defined);
      defined.add(v.name());
    }
    checkLoss();
    checkReachesOutput();
  }

  private void fail(String invariant, String detail) {
    throw new IllegalStateException("internal compiler error after pass '" + pass + "': "
        + invariant + ": " + detail);
  }

  private void checkNames() {
    Set<String> names = new HashSet<>();
    for (Vertex v : graph.vertices()) {
      if (!names.add(v.name())) {
        fail("unique names", "vertex " + v.name() + " is defined twice");
      }
    }
    for (Param p : graph.params()) {
      if (!names.add(p.name())) {
        fail("unique names", "parameter " + p.name() + " shares its name");
      }
    }
  }

  private void checkVertex(Vertex v, Set<String> defined) {
    checkLeafExpression(v);
    if (v.expr() == null) {
      return;
    }
    if (!v.expr().shape().equals(v.shape()) || v.expr().batched() != v.batched()) {
      fail("vertex shape", v.name() + " is " + describe(v.shape(), v.batched())
          + " but its expression is " + describe(v.expr().shape(), v.expr().batched()));
    }
    v.expr().walk(n -> checkNode(v, n, defined));
  }

  private void checkLeafExpression(Vertex v) {
    Node expr = v.expr();
    boolean ok = switch (v.kind()) {
      case INPUT, TARGET -> expr == null;
      case CONSTANT -> expr instanceof Node.Constant;
      case STATEMENT -> expr != null;
      case IDENTITY -> isIdentityForm(expr);
    };
    if (!ok && v.kind() == Vertex.Kind.IDENTITY) {
      fail("identity form", v.name() + " = " + expr);
    }
    if (!ok) {
      fail("leaf expression", v.kind() + " vertex " + v.name() + " has expression " + expr);
    }
  }

  private static boolean isIdentityForm(Node expr) {
    return expr instanceof Node.Apply a && a.op().name().equals("id") && a.args().size() == 1
        && a.args().get(0) instanceof Node.VertexRef;
  }

  private void checkNode(Vertex v, Node n, Set<String> defined) {
    if (n instanceof Node.VertexRef r) {
      checkVertexRef(v, r, defined);
    } else if (n instanceof Node.ParamRef p) {
      checkParamRef(v, p);
    } else if (n instanceof Node.Apply a) {
      checkApply(v, a);
    }
  }

  private void checkVertexRef(Vertex v, Node.VertexRef r, Set<String> defined) {
    if (!defined.contains(r.vertex())) {
      fail("topological order", v.name() + " reads " + r.vertex() + " before it is defined");
    }
    Vertex read = graph.vertex(r.vertex());
    if (!read.shape().equals(r.shape()) || read.batched() != r.batched()) {
      fail("vertex reference", v.name() + " reads " + r.vertex() + " as "
          + describe(r.shape(), r.batched()) + " but it is "
          + describe(read.shape(), read.batched()));
    }
  }

  private void checkParamRef(Vertex v, Node.ParamRef p) {
    Param param = params.get(p.param());
    if (param == null) {
      fail("parameter reference", v.name() + " reads unknown parameter " + p.param());
    } else if (!param.shape().equals(p.shape())) {
      fail("parameter reference", v.name() + " reads " + p.param() + " as " + p.shape()
          + " but it is " + param.shape());
    }
  }

  private void checkApply(Vertex v, Node.Apply a) {
    Op op = a.op();
    int arity = a.args().size();
    if (arity < op.minArity() || arity > op.maxArity()) {
      fail("arity", op.name() + " in " + v.name() + " has " + arity + " arguments, takes "
          + op.minArity() + ".." + (op.maxArity() == Integer.MAX_VALUE ? "" : op.maxArity()));
    }
    List<Shape> argShapes = a.args().stream().map(Node::shape).toList();
    try {
      Shape expected = op.shape(argShapes, a.attrs());
      if (!expected.equals(a.shape())) {
        fail("shape rule", op.name() + argShapes + " in " + v.name() + " is " + expected
            + " but the node says " + a.shape());
      }
    } catch (ShapeException e) {
      fail("shape rule", op.name() + " in " + v.name() + " rejects its arguments: "
          + e.getMessage());
    }
  }

  private void checkLoss() {
    String output = graph.loss().output();
    if (!graph.hasVertex(output)) {
      fail("loss output", "no vertex " + output);
    }
    if (graph.vertex(output).isLeaf()) {
      fail("loss output", output + " is a " + graph.vertex(output).kind() + " leaf");
    }
    checkTarget(graph.loss().target());
  }

  private void checkTarget(String target) {
    if (!graph.hasVertex(target) || graph.vertex(target).kind() != Vertex.Kind.TARGET) {
      fail("target", "the loss compares with " + target + ", which is not a target vertex");
    }
    // Another declared target is only a warning for the front end, but nothing may read it.
    for (Vertex v : graph.vertices()) {
      if (v.kind() == Vertex.Kind.TARGET && !graph.consumers(v.name()).isEmpty()) {
        fail("target", "target " + v.name() + " is read by " + graph.consumers(v.name()));
      }
    }
  }

  private void checkReachesOutput() {
    Set<String> reaching = new HashSet<>();
    reaching.add(graph.loss().output());
    List<Vertex> vertices = graph.vertices();
    // Reverse topological order: a vertex reaches the output when one of its readers does.
    for (int i = vertices.size() - 1; i >= 0; i--) {
      Vertex v = vertices.get(i);
      if (graph.consumers(v.name()).stream().anyMatch(reaching::contains)) {
        reaching.add(v.name());
      } else if (!v.isLeaf() && !reaching.contains(v.name())) {
        fail("reaches output", v.name() + " has no path to " + graph.loss().output());
      }
    }
  }

  private static String describe(Shape shape, boolean batched) {
    return shape + (batched ? " batched" : " unbatched");
  }
}
