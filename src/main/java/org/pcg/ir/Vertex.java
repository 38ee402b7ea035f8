package org.pcg.ir;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.pcg.syntax.SourceSpan;

/**
 * A vertex of the computational graph. Leaves ({@link Kind#INPUT}, {@link Kind#TARGET},
 * {@link Kind#CONSTANT}) are clamped; every other vertex has a value node and an error node
 * under predictive coding and computes {@code mu_v = expr(inputs, params)}.
 *
 * <p>Names are as the model author sees them ({@code hidden}, {@code h[3]}, {@code b1.h});
 * the code generator mangles them into Java identifiers, never pastes them.
 */
public final class Vertex {

  /** What role a vertex plays. */
  public enum Kind {
    /** Clamped to data. */
    INPUT,
    /** Clamped to the labels; read only by the loss. */
    TARGET,
    /** A clamped constant leaf such as {@code h[0] = zeros([128])}. */
    CONSTANT,
    /** One statement of the model file. */
    STATEMENT,
    /** An identity inserted by levelling; not in the model file. */
    IDENTITY
  }

  private final String name;
  private final Kind kind;
  private final Node expr;
  private final Shape shape;
  private final boolean batched;
  private final SourceSpan span;

  private Vertex(String name, Kind kind, Node expr, Shape shape, boolean batched,
      SourceSpan span) {
    this.name = Objects.requireNonNull(name);
    this.kind = Objects.requireNonNull(kind);
    this.expr = expr;
    this.shape = Objects.requireNonNull(shape);
    this.batched = batched;
    this.span = Objects.requireNonNull(span);
  }

  /** An input or target leaf. */
  public static Vertex leaf(String name, Kind kind, Shape shape, SourceSpan span) {
    if (kind != Kind.INPUT && kind != Kind.TARGET) {
      throw new IllegalArgumentException("not a data leaf: " + kind);
    }
    return new Vertex(name, kind, null, shape, true, span);
  }

  /** A constant leaf; its expression holds only constants. */
  public static Vertex constant(String name, Node.Constant value, SourceSpan span) {
    return new Vertex(name, Kind.CONSTANT, value, value.shape(), false, span);
  }

  /** A statement vertex computing {@code expr}. */
  public static Vertex statement(String name, Node expr, SourceSpan span) {
    return new Vertex(name, Kind.STATEMENT, expr, expr.shape(), expr.batched(), span);
  }

  /** An identity vertex copying {@code source}, as levelling inserts. */
  public static Vertex identity(String name, Vertex source, SourceSpan span) {
    Node ref = new Node.VertexRef(source.name, source.shape, source.batched, span);
    Node expr = new Node.Apply(OpCatalog.get("id"), List.of(ref), Attrs.NONE, source.shape,
        span);
    return new Vertex(name, Kind.IDENTITY, expr, source.shape, source.batched, span);
  }

  /** This vertex computing another expression of the same shape (a pass rewriting reads). */
  public Vertex withExpr(Node newExpr) {
    if (!newExpr.shape().equals(shape)) {
      throw new IllegalArgumentException("shape changes from " + shape + " to "
          + newExpr.shape() + " in " + name);
    }
    return new Vertex(name, kind, newExpr, shape, newExpr.batched(), span);
  }

  public String name() {
    return name;
  }

  public Kind kind() {
    return kind;
  }

  /** True for inputs, targets and constants: clamped, never inferred or learned. */
  public boolean isLeaf() {
    return expr == null || kind == Kind.CONSTANT;
  }

  /** The vertex's function; null for inputs and targets. */
  public Node expr() {
    return expr;
  }

  public Shape shape() {
    return shape;
  }

  public boolean batched() {
    return batched;
  }

  /** Where the model file defines this vertex (for an identity: the edge it lengthens). */
  public SourceSpan span() {
    return span;
  }

  /** Names of the vertices this one reads, in order of first reading, without repeats. */
  public List<String> inputs() {
    Set<String> names = new LinkedHashSet<>();
    if (expr != null) {
      expr.walk(n -> {
        if (n instanceof Node.VertexRef r) {
          names.add(r.vertex());
        }
      });
    }
    return new ArrayList<>(names);
  }

  /** Names of the parameters this vertex reads, in order of first reading, without repeats. */
  public List<String> params() {
    Set<String> names = new LinkedHashSet<>();
    if (expr != null) {
      expr.walk(n -> {
        if (n instanceof Node.ParamRef p) {
          names.add(p.param());
        }
      });
    }
    return new ArrayList<>(names);
  }

  @Override
  public String toString() {
    return expr == null ? name + " : " + shape : name + " = " + expr;
  }
}
