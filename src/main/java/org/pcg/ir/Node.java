package org.pcg.ir;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.pcg.syntax.SourceSpan;

/**
 * A node of the expression that defines one vertex. The leaves of an expression read other
 * vertices ({@link VertexRef}), parameters ({@link ParamRef}) or constants ({@link
 * Constant}); inner nodes apply a catalogue op ({@link Apply}). The whole expression is the
 * vertex's function g_v; its intermediate nodes are not vertices and hold no error node.
 *
 * <p>Every node knows its per-sample shape, whether it varies across the batch, and the
 * model text it came from.
 */
public abstract sealed class Node {

  private final Shape shape;
  private final boolean batched;
  private final SourceSpan span;

  Node(Shape shape, boolean batched, SourceSpan span) {
    this.shape = Objects.requireNonNull(shape);
    this.batched = batched;
    this.span = Objects.requireNonNull(span);
  }

  public final Shape shape() {
    return shape;
  }

  /** True when the value differs from sample to sample (it depends on an input). */
  public final boolean batched() {
    return batched;
  }

  public final SourceSpan span() {
    return span;
  }

  /** Visits this node and all nodes below it, parents before children. */
  public final void walk(Consumer<Node> visitor) {
    visitor.accept(this);
    if (this instanceof Apply a) {
      for (Node arg : a.args()) {
        arg.walk(visitor);
      }
    }
  }

  /** Reads the value of another vertex. */
  public static final class VertexRef extends Node {
    private final String vertex;

    public VertexRef(String vertex, Shape shape, boolean batched, SourceSpan span) {
      super(shape, batched, span);
      this.vertex = Objects.requireNonNull(vertex);
    }

    /** Name of the vertex read. */
    public String vertex() {
      return vertex;
    }

    /** The same read, redirected to another vertex of the same shape. */
    public VertexRef redirect(String other) {
      return new VertexRef(other, shape(), batched(), span());
    }

    @Override
    public String toString() {
      return vertex;
    }
  }

  /** Reads a learnable parameter. Parameters never vary across the batch. */
  public static final class ParamRef extends Node {
    private final String param;

    public ParamRef(String param, Shape shape, SourceSpan span) {
      super(shape, false, span);
      this.param = Objects.requireNonNull(param);
    }

    public String param() {
      return param;
    }

    @Override
    public String toString() {
      return param;
    }
  }

  /** A tensor of one repeated value, such as a scalar literal or {@code zeros([n])}. */
  public static final class Constant extends Node {
    private final double value;

    public Constant(double value, Shape shape, SourceSpan span) {
      super(shape, false, span);
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException("constant must be finite: " + value);
      }
      this.value = value;
    }

    public double value() {
      return value;
    }

    @Override
    public String toString() {
      return shape().isScalar() ? Double.toString(value) : "fill(" + value + ", " + shape() + ")";
    }
  }

  /** A catalogue op applied to argument nodes, with its attributes. */
  public static final class Apply extends Node {
    private final Op op;
    private final List<Node> args;
    private final Attrs attrs;

    /**
     * An application whose shape the caller has already inferred with the op's rule.
     * Batched when any argument is.
     */
    public Apply(Op op, List<Node> args, Attrs attrs, Shape shape, SourceSpan span) {
      super(shape, args.stream().anyMatch(Node::batched), span);
      this.op = Objects.requireNonNull(op);
      this.args = List.copyOf(args);
      this.attrs = Objects.requireNonNull(attrs);
    }

    /** Applies {@code op}, inferring the shape; throws if the op's rule rejects the args. */
    public static Apply of(Op op, List<Node> args, Attrs attrs, SourceSpan span)
        throws ShapeException {
      List<Shape> shapes = args.stream().map(Node::shape).toList();
      return new Apply(op, args, attrs, op.shape(shapes, attrs), span);
    }

    public Op op() {
      return op;
    }

    public List<Node> args() {
      return args;
    }

    public Attrs attrs() {
      return attrs;
    }

    /** The same application with other arguments of the same shapes. */
    public Apply withArgs(List<Node> newArgs) {
      return new Apply(op, newArgs, attrs, shape(), span());
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder(op.name()).append('(');
      for (int i = 0; i < args.size(); i++) {
        sb.append(i > 0 ? ", " : "").append(args.get(i));
      }
      if (!attrs.isEmpty()) {
        sb.append(args.isEmpty() ? "" : ", ").append(attrs);
      }
      return sb.append(')').toString();
    }
  }
}
