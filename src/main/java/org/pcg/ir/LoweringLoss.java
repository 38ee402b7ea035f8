package org.pcg.ir;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.pcg.syntax.SourceSpan;
import org.pcg.syntax.Suggest;
import org.pcg.syntax.ast.Arg;
import org.pcg.syntax.ast.Expr;
import org.pcg.syntax.ast.ModelDef;
import org.pcg.syntax.ast.Stmt;

/**
 * Reads the loss statement: {@code loss kind(output, target, reduction=mean)}. The output
 * must be a statement vertex and the target a declared target of the same shape.
 */
final class LoweringLoss {

  private final LoweringReport report;
  private final LoweringExprs exprs;
  private final LoweringNames names;

  LoweringLoss(LoweringReport report, LoweringExprs exprs, LoweringNames names) {
    this.report = report;
    this.exprs = exprs;
    this.names = names;
  }

  /** Reports a missing loss or a second one; true when there is exactly one. */
  static boolean checkCount(LoweringDefs defs, ModelDef model, LoweringReport report) {
    if (defs.losses.isEmpty()) {
      report.error(model.name().span(), "model '" + model.name() + "' has no loss: end it"
          + " with a line such as 'loss cross_entropy(logits, label)'");
      return false;
    }
    SourceSpan first = defs.losses.get(0).stmt().span();
    for (LoweringDefs.LossDef extra : defs.losses.subList(1, defs.losses.size())) {
      report.error(extra.stmt().span(), "a model has one loss, and it is already given at "
          + LoweringReport.where(first));
    }
    return defs.losses.size() == 1;
  }

  /** The loss, or null after reporting what is wrong with it. */
  Loss lower(LoweringDefs.LossDef def) {
    Stmt.Loss stmt = def.stmt();
    String name = stmt.function().text();
    Loss.Kind kind = Loss.Kind.fromSpelling(name);
    if (kind == null) {
      report.error(stmt.function().span(), "unknown loss '" + name + "'"
          + Suggest.clause(name, spellings()) + "; the losses are "
          + String.join(", ", spellings()));
      return null;
    }
    List<Expr> positional = new ArrayList<>();
    Boolean mean = Boolean.TRUE;
    for (Arg a : stmt.args()) {
      if (a.isNamed()) {
        mean = reduction(a, mean);
      } else {
        positional.add(a.value());
      }
    }
    if (positional.size() != 2) {
      report.error(stmt.function().span(), "the loss takes the output and the target, as in"
          + " 'loss " + name + "(logits, label)'; got " + positional.size() + " arguments");
      return null;
    }
    if (swapped(name, positional, def.scope())) {
      return null;
    }
    Vertex output = output(positional.get(0), def.scope());
    Vertex target = target(positional.get(1), def.scope());
    if (output == null || target == null || mean == null || !sameShape(output, target,
        positional.get(1))) {
      return null;
    }
    return new Loss(kind, output.name(), target.name(), mean, stmt.span());
  }

  private static List<String> spellings() {
    return Arrays.stream(Loss.Kind.values()).map(Loss.Kind::spelling).toList();
  }

  /** TRUE for mean, FALSE for sum, null after an error (which stays an error). */
  private Boolean reduction(Arg a, Boolean sofar) {
    String key = a.name().get().text();
    if (!key.equals("reduction")) {
      report.error(a.span(), "the loss has no argument '" + key + "'"
          + Suggest.clause(key, List.of("reduction")) + "; it takes reduction=mean or"
          + " reduction=sum");
      return null;
    }
    if (a.value() instanceof Expr.Name n && (n.name().equals("mean") || n.name().equals("sum"))) {
      return sofar == null ? null : n.name().equals("mean");
    }
    report.error(a.value().span(), "reduction is mean or sum");
    return null;
  }

  /** Reports the target given first (a common slip) in words that say so; true if it was. */
  private boolean swapped(String loss, List<Expr> args, Scope scope) {
    if (!(args.get(0) instanceof Expr.Name first && isTarget(first, scope))) {
      return false;
    }
    String output = args.get(1) instanceof Expr.Name n ? n.name() : "out";
    report.error(first.span(), "the loss takes the output first and the target second: write"
        + " 'loss " + loss + "(" + output + ", " + first.name() + ")'");
    return true;
  }

  private static boolean isTarget(Expr.Name n, Scope scope) {
    return scope.lookup(n.name()) instanceof ScopeBinding.DataLeaf leaf && leaf.target();
  }

  private Vertex output(Expr e, Scope scope) {
    Node n = exprs.lower(e, scope);
    if (n == null) {
      return null;
    }
    Vertex v = n instanceof Node.VertexRef r ? exprs.vertexNamed(r.vertex()) : null;
    if (v == null) {
      report.error(e.span(), "the loss reads the model's output by name: write 'out = ...'"
          + " and then 'loss ...(out, target)'");
    } else if (v.kind() != Vertex.Kind.STATEMENT) {
      String kind = v.kind().name().toLowerCase(java.util.Locale.ROOT);
      report.error(e.span(), "'" + v.name() + "' is " + (kind.startsWith("i") ? "an " : "a ")
          + kind + ", but the loss reads the model's output, a statement such as"
          + " 'logits = ...'");
      v = null;
    }
    return v;
  }

  private Vertex target(Expr e, Scope scope) {
    if (!(e instanceof Expr.Name n)) {
      report.error(e.span(), "the loss's second argument is the target, a leaf declared as"
          + " 'target label : [...]'");
      return null;
    }
    ScopeBinding b = scope.lookup(n.name());
    if (b instanceof ScopeBinding.DataLeaf leaf && leaf.target()) {
      return exprs.vertexNamed(leaf.global());
    }
    report.error(e.span(), b == null ? names.undefined(n.name(), scope)
        : "'" + n.name() + "' is not a target: the loss compares the output with a leaf"
            + " declared as 'target " + n.name() + " : [...]'");
    return null;
  }

  private boolean sameShape(Vertex output, Vertex target, Expr at) {
    if (output.shape().equals(target.shape())) {
      return true;
    }
    report.error(at.span(), "the loss compares '" + output.name() + "' of shape "
        + output.shape() + " with target '" + target.name() + "' of shape " + target.shape()
        + ": the shapes must be equal");
    return false;
  }
}
