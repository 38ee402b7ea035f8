package org.pcg.ir;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pcg.syntax.SourceSpan;
import org.pcg.syntax.Suggest;
import org.pcg.syntax.ast.Arg;
import org.pcg.syntax.ast.Expr;
import org.pcg.syntax.ast.Stmt;

/** Reads the parts of declarations: shapes such as {@code [out, 784]} and initialisers. */
final class LoweringDecls {

  /** Initialisers by every name a model file may use for them. */
  private static final Map<String, Init.Kind> INITS = initNames();

  private final LoweringReport report;
  private final LoweringConstants constants;

  LoweringDecls(LoweringReport report, LoweringConstants constants) {
    this.report = report;
    this.constants = constants;
  }

  private static Map<String, Init.Kind> initNames() {
    Map<String, Init.Kind> names = new LinkedHashMap<>();
    for (Init.Kind k : Init.Kind.values()) {
      names.put(k.spelling(), k);
    }
    // Init documents these two other names; it has no list of aliases to read them from.
    names.put("xavier", Init.Kind.GLOROT);
    names.put("kaiming", Init.Kind.HE);
    return names;
  }

  /** The shape the dimensions stand for, or null after reporting why there is none. */
  Shape shape(List<Expr> dims, Scope scope, SourceSpan declared) {
    List<Integer> values = new ArrayList<>();
    long size = 1;
    for (Expr e : dims) {
      Integer d = constants.integer(e, scope, "a dimension");
      if (d != null && d < 1) {
        report.error(e.span(), "a dimension must be at least 1, got " + d);
        d = null;
      }
      if (d == null) {
        return null;
      }
      values.add(d);
      size = Math.min(size * d, Integer.MAX_VALUE + 1L);
    }
    if (size > Integer.MAX_VALUE) {
      report.error(declared, "shape " + values + " has more than " + Integer.MAX_VALUE
          + " elements per sample");
      return null;
    }
    return Shape.of(values);
  }

  /** The initialiser a spec names, or null after reporting what is wrong with it. */
  Init init(Stmt.InitSpec spec, Scope scope) {
    String name = spec.name().text();
    Init.Kind kind = INITS.get(name);
    if (kind == null) {
      report.error(spec.span(), "unknown initialiser '" + name + "'"
          + Suggest.clause(name, INITS.keySet()) + "; the initialisers are "
          + String.join(", ", INITS.keySet()));
      return null;
    }
    if (spec.args().size() != kind.arity()) {
      report.error(spec.span(), "initialiser '" + name + "' takes " + count(kind.arity())
          + ", got " + spec.args().size());
      return null;
    }
    List<Double> args = new ArrayList<>();
    for (Arg a : spec.args()) {
      Double v = argument(a, spec, scope);
      if (v == null) {
        return null;
      }
      args.add(v);
    }
    String problem = problem(kind, args);
    if (problem != null) {
      report.error(spec.args().get(1).span(), "initialiser '" + name + "': " + problem);
      return null;
    }
    return new Init(kind, args);
  }

  /** What makes two numbers no distribution, pointed at the second of them; or null. */
  private static String problem(Init.Kind kind, List<Double> args) {
    if (kind == Init.Kind.UNIFORM && !(args.get(0) < args.get(1))) {
      return "the low end " + args.get(0) + " must be below the high end " + args.get(1);
    }
    if (kind == Init.Kind.NORMAL && !(args.get(1) > 0)) {
      return "the standard deviation must be positive, got " + args.get(1);
    }
    return null;
  }

  private Double argument(Arg a, Stmt.InitSpec spec, Scope scope) {
    if (a.isNamed()) {
      report.error(a.span(), "initialiser '" + spec.name() + "' takes plain numbers, not"
          + " named arguments");
      return null;
    }
    return constants.number(a.value(), scope, "an argument of initialiser '" + spec.name()
        + "'");
  }

  private static String count(int n) {
    return n == 0 ? "no arguments" : n == 1 ? "1 number" : n + " numbers";
  }
}
