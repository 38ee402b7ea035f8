package org.pcg.ir;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pcg.syntax.Suggest;
import org.pcg.syntax.ast.Arg;
import org.pcg.syntax.ast.Expr;
import org.pcg.syntax.ast.LayerDef;

/** Binds the arguments of one layer call to the layer's parameters, by position or name. */
final class LoweringLayerArgs {

  private final LoweringReport report;
  private final LoweringConstants constants;

  LoweringLayerArgs(LoweringReport report, LoweringConstants constants) {
    this.report = report;
    this.constants = constants;
  }

  /** Binds every parameter in {@code inner}; false after reporting a mismatch. */
  boolean bind(LayerDef layer, Expr.Call call, Scope caller, Scope inner) {
    Map<String, Arg> given = match(layer, call);
    if (given == null) {
      return false;
    }
    boolean ok = true;
    for (LayerDef.Param p : layer.params()) {
      ok &= bindOne(layer, p, given.get(p.name().text()), caller, inner);
    }
    return ok;
  }

  private boolean bindOne(LayerDef layer, LayerDef.Param p, Arg arg, Scope caller,
      Scope inner) {
    String name = p.name().text();
    if (p.kind() == LayerDef.Kind.TENSOR) {
      inner.define(name, new ScopeBinding.TensorArg(arg.value(), caller, p.name().span()));
      return true;
    }
    String what = "argument '" + name + "' of layer '" + layer.name() + "'";
    Integer value = constants.integer(arg.value(), caller, what);
    if (value != null) {
      inner.define(name, new ScopeBinding.IntValue(value, p.name().span()));
    }
    return value != null;
  }

  /** Arguments by parameter name, or null after reporting what does not match. */
  private Map<String, Arg> match(LayerDef layer, Expr.Call call) {
    List<LayerDef.Param> params = layer.params();
    boolean anyNamed = call.args().stream().anyMatch(Arg::isNamed);
    if (!anyNamed && call.args().size() != params.size()) {
      report.error(call.span(), "layer '" + layer.name() + "' takes " + params.size()
          + (params.size() == 1 ? " argument " : " arguments ") + signature(layer)
          + ", got " + call.args().size());
      return null;
    }
    Map<String, Arg> given = new LinkedHashMap<>();
    boolean ok = true;
    int position = 0;
    for (Arg a : call.args()) {
      String name = a.isNamed() ? a.name().get().text()
          : position < params.size() ? params.get(position++).name().text() : null;
      ok &= accept(layer, a, name, given);
    }
    for (LayerDef.Param p : params) {
      if (ok && !given.containsKey(p.name().text())) {
        report.error(call.span(), "layer '" + layer.name() + "' needs argument '" + p.name()
            + "' " + signature(layer));
        ok = false;
      }
    }
    return ok ? given : null;
  }

  private boolean accept(LayerDef layer, Arg a, String name, Map<String, Arg> given) {
    List<String> names = layer.params().stream().map(p -> p.name().text()).toList();
    if (name == null) {
      report.error(a.span(), "too many arguments for layer '" + layer.name() + "' "
          + signature(layer));
      return false;
    }
    if (!names.contains(name)) {
      report.error(a.span(), "layer '" + layer.name() + "' has no parameter '" + name + "'"
          + Suggest.clause(name, names));
      return false;
    }
    if (given.putIfAbsent(name, a) != null) {
      report.error(a.span(), "argument '" + name + "' of layer '" + layer.name()
          + "' is given twice");
      return false;
    }
    return true;
  }

  /** {@code (x, out: int, inp: int)}. */
  static String signature(LayerDef layer) {
    List<String> parts = layer.params().stream()
        .map(p -> p.name() + (p.kind() == LayerDef.Kind.INT ? ": int" : ""))
        .toList();
    return "(" + String.join(", ", parts) + ")";
  }
}
