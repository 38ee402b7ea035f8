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
    Integer i = pick(at, target.shape(), 0, scope);
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
      Expr.IndexItem item = ix.items().get(axis);
      if (!bounds(item, target.shape(), axis, scope, starts, ends)) {
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

  /** Fills the range one index position covers; false after reporting a bad one. */
  private boolean bounds(Expr.IndexItem item, Shape shape, int axis, Scope scope,
      int[] starts, int[] ends) {
    if (item instanceof Expr.At at) {
      Integer i = pick(at, shape, axis, scope);
      starts[axis] = i == null ? 0 : i;
      ends[axis] = starts[axis] + 1;
      return i != null;
    }
    return sliceBounds((Expr.Slice) item, shape, axis, scope, starts, ends);
  }

  /** The range a slice keeps, counted from the start; false after reporting a bad one. */
  private boolean sliceBounds(Expr.Slice s, Shape shape, int axis, Scope scope,
      int[] starts, int[] ends) {
    int dim = shape.dim(axis);
    Integer from = s.from().isPresent() ? bound(s.from().get(), "start", shape, axis, scope)
        : (Integer) 0;
    Integer to = s.to().isPresent() ? bound(s.to().get(), "end", shape, axis, scope)
        : (Integer) dim;
    if (from == null || to == null) {
      return false;
    }
    starts[axis] = from < 0 ? from + dim : from;
    ends[axis] = to < 0 ? to + dim : to;
    if (starts[axis] < ends[axis]) {
      return true;
    }
    report.error(s.span(), "the slice " + written(s, from, to) + " of " + axis(shape, axis)
        + " is empty" + counted(s, from, to, starts[axis], ends[axis])
        + ": a:b keeps a up to but not including b, so b must come after a");
    return false;
  }

  /**
   * The element a single index picks on {@code axis}, counting from the end when negative;
   * null after reporting one outside the axis, quoted as written.
   */
  private Integer pick(Expr.At at, Shape shape, int axis, Scope scope) {
    Integer i = constants.integer(at.index(), scope, "an index");
    int dim = shape.dim(axis);
    if (i == null || (i >= -dim && i < dim)) {
      return i == null || i >= 0 ? i : (Integer) (i + dim);
    }
    report.error(at.span(), "index " + i + " is outside " + axis(shape, axis)
        + ": valid indices are " + range(0, dim - 1) + ", or " + range(-dim, -1)
        + " counting from the end");
    return null;
  }

  /**
   * A slice bound as written, which may be negative (counting from the end) or the axis's
   * length (the end of a slice that runs to the last element); null after reporting another.
   */
  private Integer bound(Expr e, String which, Shape shape, int axis, Scope scope) {
    Integer b = constants.integer(e, scope, "the " + which + " of a slice");
    int dim = shape.dim(axis);
    if (b == null || (b >= -dim && b <= dim)) {
      return b;
    }
    report.error(e.span(), "the slice " + which + " " + b + " is outside " + axis(shape, axis)
        + ": a slice bound is " + range(0, dim) + ", or " + range(-dim, -1)
        + " counting from the end");
    return null;
  }

  /** A slice as the user wrote it, with the left-out bounds left out. */
  private static String written(Expr.Slice s, int from, int to) {
    return (s.from().isPresent() ? from : "") + ":" + (s.to().isPresent() ? to : "");
  }

  /** The slice counted from the start, when the user wrote something else. */
  private static String counted(Expr.Slice s, int from, int to, int start, int end) {
    String plain = start + ":" + end;
    return written(s, from, to).equals(plain) ? "" : " (" + plain + " counted from the start)";
  }

  private static String axis(Shape shape, int axis) {
    return "axis " + axis + " of " + shape;
  }

  private static String range(int first, int last) {
    return first == last ? Integer.toString(first) : first + ".." + last;
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

  private static String axes(int rank) {
    return rank == 1 ? "1 axis" : rank + " axes";
  }
}
