package org.pcg.ir;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.pcg.syntax.SourceSpan;
import org.pcg.syntax.ast.Expr;

/**
 * Lowers one expression to an IR {@link Node}, inferring shapes with the catalogue's rules.
 * Every failure is reported where it happens and yields null, which the enclosing
 * expressions pass on without reporting again.
 */
final class LoweringExprs {

  private final LoweringReport report;
  private final LoweringDefs defs;
  private final LoweringNames names;
  private final LoweringBuilder builder;
  private final LoweringCalls calls;
  private final LoweringIndex indexing;

  LoweringExprs(LoweringReport report, LoweringDefs defs, LoweringConstants constants,
      LoweringNames names, LoweringBuilder builder) {
    this.report = report;
    this.defs = defs;
    this.names = names;
    this.builder = builder;
    this.calls = new LoweringCalls(report, constants, names, this);
    this.indexing = new LoweringIndex(report, defs, constants, this);
  }

  Node lower(Expr e, Scope scope) {
    if (e instanceof Expr.Num n) {
      return new Node.Constant(n.value(), Shape.SCALAR, n.span());
    }
    if (e instanceof Expr.Name n) {
      return name(n, scope);
    }
    if (e instanceof Expr.Negate n) {
      return apply(LoweringOps.negate(), List.of(n.operand()), scope, n.span());
    }
    if (e instanceof Expr.Binary b) {
      return apply(LoweringOps.binary(b.op()), List.of(b.left(), b.right()), scope, b.span());
    }
    if (e instanceof Expr.Call c) {
      return calls.call(c, scope);
    }
    if (e instanceof Expr.Index ix) {
      return indexing.index(ix, scope);
    }
    report.error(e.span(), "a list such as [1, 28, 28] gives a shape or an attribute;"
        + " it is not a tensor");
    return null;
  }

  /** Lowers every expression, reporting all their errors; null when any failed. */
  List<Node> lowerAll(List<Expr> exprs, Scope scope) {
    List<Node> nodes = new ArrayList<>();
    for (Expr e : exprs) {
      nodes.add(lower(e, scope));
    }
    return nodes.stream().anyMatch(Objects::isNull) ? null : nodes;
  }

  private Node apply(Op op, List<Expr> args, Scope scope, SourceSpan at) {
    List<Node> nodes = lowerAll(args, scope);
    return nodes == null ? null : apply(op, nodes, Attrs.NONE, at);
  }

  /** Applies an op to lowered arguments, reporting a shape rule's refusal at {@code at}. */
  Node apply(Op op, List<Node> args, Attrs attrs, SourceSpan at) {
    try {
      return Node.Apply.of(op, args, attrs, at);
    } catch (ShapeException e) {
      report.error(at, e.getMessage());
      return null;
    }
  }

  private Node name(Expr.Name n, Scope scope) {
    ScopeBinding b = scope.lookup(n.name());
    if (b instanceof ScopeBinding.TensorArg arg) {
      return lower(arg.expr(), arg.caller());
    }
    if (b instanceof ScopeBinding.IntValue v) {
      return new Node.Constant(v.value(), Shape.SCALAR, n.span());
    }
    if (b instanceof ScopeBinding.ParamName p) {
      return new Node.ParamRef(p.global(), defs.params.get(p.global()).param().shape(),
          n.span());
    }
    if (b instanceof ScopeBinding.VertexName v) {
      return read(v.global(), n.span());
    }
    if (b instanceof ScopeBinding.DataLeaf leaf) {
      return leaf.target() ? targetMisused(n) : read(leaf.global(), n.span());
    }
    if (b instanceof ScopeBinding.Family) {
      report.error(n.span(), "'" + n.name() + "' is a family of vertices: name one of its"
          + " elements, as in '" + n.name() + "[0]'");
      return null;
    }
    report.error(n.span(), names.undefined(n.name(), scope));
    return null;
  }

  private Node targetMisused(Expr.Name n) {
    report.error(n.span(), "target '" + n.name() + "' may only be used in the loss: the"
        + " network must not see the labels it is trained to predict");
    return null;
  }

  /** The vertex {@code global}, building it if need be; null when it failed. */
  Vertex vertexNamed(String global) {
    return builder.vertex(global, null);
  }

  /** A read of the vertex {@code global}, building it first if needed. */
  Node read(String global, SourceSpan at) {
    Vertex v = builder.vertex(global, at);
    return v == null ? null : new Node.VertexRef(v.name(), v.shape(), v.batched(), at);
  }
}
