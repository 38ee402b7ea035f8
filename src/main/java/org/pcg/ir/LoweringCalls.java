package org.pcg.ir;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pcg.syntax.Suggest;
import org.pcg.syntax.ast.Arg;
import org.pcg.syntax.ast.Expr;

/**
 * Lowers calls: a catalogue op with its tensor arguments and attributes, or a constant
 * constructor ({@code zeros([n])}, {@code ones([n])}). Positional arguments fill the op's
 * tensor slots first, then its attributes in order; named arguments set attributes.
 */
final class LoweringCalls {

  private final LoweringReport report;
  private final LoweringConstants constants;
  private final LoweringNames names;
  private final LoweringExprs exprs;

  LoweringCalls(LoweringReport report, LoweringConstants constants, LoweringNames names,
      LoweringExprs exprs) {
    this.report = report;
    this.constants = constants;
    this.names = names;
    this.exprs = exprs;
  }

  /** The arguments of one call, sorted into tensors and attributes. */
  private record Bound(List<Expr> tensors, Map<AttrSpec, Expr> attrs) {}

  Node call(Expr.Call c, Scope scope) {
    String name = c.function().text();
    if (OpCatalog.CONSTRUCTORS.contains(name)) {
      return constant(c, scope);
    }
    Op op = OpCatalog.lookup(name);
    if (op == null) {
      report.error(c.span(), names.isLayer(name)
          ? "layer '" + name + "' must be the whole right-hand side of a statement, as in 'h = "
              + name + "(...)': its value is a vertex of its own"
          : names.unknownFunction(name, scope));
      return null;
    }
    Bound bound = bind(op, c);
    if (bound == null) {
      return null;
    }
    List<Node> tensors = exprs.lowerAll(bound.tensors(), scope);
    Attrs attrs = attributes(op, bound.attrs(), scope, c);
    return tensors == null || attrs == null ? null : exprs.apply(op, tensors, attrs, c.span());
  }

  private Bound bind(Op op, Expr.Call c) {
    List<Expr> tensors = new ArrayList<>();
    Map<AttrSpec, Expr> attrs = new LinkedHashMap<>();
    boolean ok = true;
    int position = 0;
    for (Arg a : c.args()) {
      ok &= a.isNamed() ? named(op, a, attrs) : positional(op, a, position++, tensors, attrs);
    }
    if (ok && tensors.size() < op.minArity()) {
      report.error(c.span(), op.name() + " needs " + tensorCount(op.minArity()) + ", got "
          + tensors.size() + ": it is called as " + signature(op));
      ok = false;
    }
    return ok ? new Bound(tensors, attrs) : null;
  }

  /** Argument {@code position} fills a tensor slot, or else the next attribute in order. */
  private boolean positional(Op op, Arg a, int position, List<Expr> tensors,
      Map<AttrSpec, Expr> attrs) {
    if (position < op.maxArity()) {
      tensors.add(a.value());
      return true;
    }
    int slot = position - op.maxArity();
    if (slot >= op.attributes().size()) {
      report.error(a.span(), "too many arguments for " + op.name() + ": it is called as "
          + signature(op));
      return false;
    }
    if (attrs.putIfAbsent(op.attributes().get(slot), a.value()) != null) {
      report.error(a.span(), "argument '" + op.attributes().get(slot).name() + "' of "
          + op.name() + " is given twice");
      return false;
    }
    return true;
  }

  private boolean named(Op op, Arg a, Map<AttrSpec, Expr> attrs) {
    String name = a.name().get().text();
    List<String> known = op.attributes().stream().map(AttrSpec::name).toList();
    int i = known.indexOf(name);
    if (i < 0) {
      report.error(a.span(), op.name() + " has no argument '" + name + "'"
          + Suggest.clause(name, known) + ": it is called as " + signature(op));
      return false;
    }
    if (attrs.putIfAbsent(op.attributes().get(i), a.value()) != null) {
      report.error(a.span(), "argument '" + name + "' of " + op.name() + " is given twice");
      return false;
    }
    return true;
  }

  private Attrs attributes(Op op, Map<AttrSpec, Expr> given, Scope scope, Expr.Call c) {
    Map<String, Object> values = new LinkedHashMap<>();
    boolean ok = true;
    for (AttrSpec spec : op.attributes()) {
      Expr e = given.get(spec);
      if (e == null && spec.required()) {
        report.error(c.span(), op.name() + " needs its '" + spec.name() + "' argument: it is"
            + " called as " + signature(op));
        ok = false;
      } else if (e != null) {
        Object v = attribute(op, spec, e, scope);
        ok &= v != null;
        values.put(spec.name(), v);
      }
    }
    return ok ? Attrs.of(op, values) : null;
  }

  private Object attribute(Op op, AttrSpec spec, Expr e, Scope scope) {
    String what = "'" + spec.name() + "' of " + op.name();
    switch (spec.type()) {
      case INT:
        return constants.integer(e, scope, what);
      case FLOAT:
        return constants.number(e, scope, what);
      default:
        return integers(e, scope, what);
    }
  }

  /** A list of whole numbers such as {@code [1, 28, 28]}; a single number is a list of one. */
  private int[] integers(Expr e, Scope scope, String what) {
    List<Expr> items = e instanceof Expr.ListLit list ? list.items() : List.of(e);
    int[] values = new int[items.size()];
    for (int i = 0; i < values.length; i++) {
      Integer v = constants.integer(items.get(i), scope, "each entry of " + what);
      if (v == null) {
        return null;
      }
      values[i] = v;
    }
    return values;
  }

  /** {@code zeros([n, m])} or {@code ones([n])}: a tensor of one repeated value. */
  private Node constant(Expr.Call c, Scope scope) {
    String name = c.function().text();
    boolean oneList = c.args().size() == 1 && !c.args().get(0).isNamed()
        && c.args().get(0).value() instanceof Expr.ListLit;
    if (!oneList) {
      report.error(c.span(), name + " takes one shape, as in '" + name + "([128])'");
      return null;
    }
    Expr.ListLit dims = (Expr.ListLit) c.args().get(0).value();
    Shape shape = new LoweringDecls(report, constants).shape(dims.items(), scope, c.span());
    double value = name.equals("ones") ? 1 : 0;
    return shape == null ? null : new Node.Constant(value, shape, c.span());
  }

  /** A default as an author would write it: 0.00001, not 1.0E-5. */
  private static String plain(Object value) {
    if (value instanceof Double d) {
      return java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
    return value.toString();
  }

  private static String tensorCount(int n) {
    return n == 1 ? "1 tensor argument" : n + " tensor arguments";
  }

  /** How an op is called: {@code conv2d(a, b, stride=1, padding=0)}. */
  static String signature(Op op) {
    List<String> parts = new ArrayList<>();
    int shown = Math.min(op.maxArity(), Math.max(op.minArity(), 1) + 1);
    for (int i = 0; i < Math.min(shown, op.maxArity()); i++) {
      parts.add(op.maxArity() == 1 ? "x" : String.valueOf((char) ('a' + i)));
    }
    if (op.maxArity() == Integer.MAX_VALUE) {
      parts.add("...");
    }
    for (AttrSpec a : op.attributes()) {
      parts.add(a.required() || a.defaultValue() == null
          ? a.name()
          : a.name() + "=" + plain(a.defaultValue()));
    }
    return op.name() + "(" + String.join(", ", parts) + ")";
  }
}
