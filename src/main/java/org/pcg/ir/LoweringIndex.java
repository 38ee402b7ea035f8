package org.pcg.ir;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.pcg.syntax.ast.Expr;

/**
 * Lowers {@code name[...]}: an element of a vertex family when {@code name} is one,
 * otherwise tensor indexing and slicing. Negative indices count from the end of an axis.
 * A mixed index such as {@code x[t, 0:5]} slices, then reshapes away the indexed axes.
 */
final class LoweringIndex {

  private final LoweringReport report;
  private final LoweringDefs defs;
  private final LoweringConstants constants;
  private final LoweringExprs exprs;

  LoweringIndex(LoweringReport report, LoweringDefs defs, LoweringConstants constants,
      LoweringExprs exprs) {
    this.report = report;
    this.defs = defs;
    this.constants = constants;
    this.exprs = exprs;
  }

  Node index(Expr.Index ix, Scope scope) {
    if (ix.target() instanceof Expr.Name n
        && scope.lookup(n.name()) instanceof ScopeBinding.Family family) {
      return element(ix, n, family, scope);
    }
    Node target = exprs.lower(ix.target(), scope);
    if (target == null) {
      return null;
    }
    if (ix.items().size() > target.shape().rank()) {
      report.error(ix.span(), "an index with " + ix.items().size() + " positions on shape "
          + target.shape() + ", which has " + axes(target.shape().rank()));
      return null;
    }
    if (ix.items().size() == 1 && ix.items().get(0) instanceof Expr.At at) {
      return single(ix, target, at, scope);
    }
    return slice(ix, target, scope);
  }

  private Node element(Expr.Index ix, Expr.Name n, ScopeBinding.Family family, Scope scope) {
    String name = n.name();
    if (ix.items().size() != 1 || !(ix.items().get(0) instanceof Expr.At at)) {
      report.error(ix.span(), "'" + name + "' is a family of vertices: pick one element with"
          + " a single index, as in '" + name + "[t]'");
      return null;
    }
    Integer i = constants.integer(at.index(), scope, "the index of family '" + name + "'");
    if (i == null) {
      return null;
    }
    if (defs.elementAt(family.global(), i) == null) {
      report.error(at.span(), name + "[" + i + "] is not defined: '" + name + "' has "
          + defs.elementsOf(family.global()));
      return null;
    }
    return exprs.read(family.element(i), n.span());
  }

  private Node single(Expr.Index ix, Node target, Expr.At at, Scope scope) {
    Integer i = position(at.index(), target.shape().dim(0), scope);
    if (i == null) {
      return null;
    }
    Attrs attrs = Attrs.of(LoweringOps.index(), Map.of("index", i));
    return exprs.apply(LoweringOps.index(), List.of(target), attrs, ix.span());
  }

  private Node slice(Expr.Index ix, Node target, Scope scope) {
    int n = ix.items().size();
    int[] starts = new int[n];
    int[] ends = new int[n];
    List<Integer> kept = new ArrayList<>();
    for (int axis = 0; axis < n; axis++) {
      int dim = target.shape().dim(axis);
      Expr.IndexItem item = ix.items().get(axis);
      if (!bounds(item, dim, scope, starts, ends, axis)) {
        return null;
      }
      if (item instanceof Expr.Slice) {
        kept.add(ends[axis] - starts[axis]);
      }
    }
    Attrs attrs = Attrs.of(LoweringOps.slice(), Map.of("starts", starts, "ends", ends));
    Node sliced = exprs.apply(LoweringOps.slice(), List.of(target), attrs, ix.span());
    boolean picked = kept.size() < n;
    return sliced == null || !picked ? sliced : dropPicked(ix, sliced, kept, n);
  }

  /** Fills the range one index position covers; false after reporting a bad bound. */
  private boolean bounds(Expr.IndexItem item, int dim, Scope scope, int[] starts, int[] ends,
      int axis) {
    if (item instanceof Expr.At at) {
      Integer i = position(at.index(), dim, scope);
      starts[axis] = i == null ? 0 : i;
      ends[axis] = starts[axis] + 1;
      return i != null;
    }
    Expr.Slice s = (Expr.Slice) item;
    Integer from = s.from().isPresent() ? position(s.from().get(), dim, scope) : (Integer) 0;
    Integer to = s.to().isPresent() ? position(s.to().get(), dim, scope) : (Integer) dim;
    starts[axis] = from == null ? 0 : from;
    ends[axis] = to == null ? 0 : to;
    return from != null && to != null;
  }

  /** The slice keeps size-1 axes where single indices were; reshape drops them. */
  private Node dropPicked(Expr.Index ix, Node sliced, List<Integer> kept, int n) {
    List<Integer> dims = new ArrayList<>(kept);
    int[] all = sliced.shape().dims();
    for (int i = n; i < all.length; i++) {
      dims.add(all[i]);
    }
    int[] shape = dims.stream().mapToInt(Integer::intValue).toArray();
    Attrs attrs = Attrs.of(LoweringOps.reshape(), Map.of("shape", shape));
    return exprs.apply(LoweringOps.reshape(), List.of(sliced), attrs, ix.span());
  }

  /** An index into an axis of length {@code dim}; negative ones count from its end. */
  private Integer position(Expr e, int dim, Scope scope) {
    Integer i = constants.integer(e, scope, "an index");
    return i == null || i >= 0 ? i : (Integer) (i + dim);
  }

  private static String axes(int rank) {
    return rank == 1 ? "1 axis" : rank + " axes";
  }
}
