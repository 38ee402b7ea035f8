package org.pcg.ir;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pcg.syntax.SourceSpan;
import org.pcg.syntax.ast.LayerDef;
import org.pcg.syntax.ast.Stmt;

/**
 * Checks layer definitions once, however often they are called: unique names that are not
 * op names, unique parameter names, and exactly one {@code return}.
 */
final class LoweringLayerDefs {

  private final LoweringReport report;

  LoweringLayerDefs(LoweringReport report) {
    this.report = report;
  }

  /** The usable layers by name; broken ones are reported and left out. */
  Map<String, LayerDef> check(List<LayerDef> layers) {
    Map<String, LayerDef> byName = new LinkedHashMap<>();
    for (LayerDef layer : layers) {
      String name = layer.name().text();
      LayerDef earlier = byName.get(name);
      if (earlier != null) {
        report.error(layer.name().span(), "layer '" + name + "' is already defined at "
            + LoweringReport.where(earlier.name().span()));
      } else if (OpCatalog.lookup(name) != null || OpCatalog.CONSTRUCTORS.contains(name)) {
        report.error(layer.name().span(), "'" + name + "' is a built-in function; give the"
            + " layer another name");
      } else if (paramsAreDistinct(layer) & returnsOnce(layer)) {
        byName.put(name, layer);
      }
    }
    return byName;
  }

  private boolean paramsAreDistinct(LayerDef layer) {
    Map<String, SourceSpan> seen = new HashMap<>();
    boolean ok = true;
    for (LayerDef.Param p : layer.params()) {
      SourceSpan first = seen.putIfAbsent(p.name().text(), p.name().span());
      if (first != null) {
        report.error(p.name().span(), "layer '" + layer.name() + "' already has a parameter '"
            + p.name() + "' at " + LoweringReport.where(first));
        ok = false;
      }
    }
    return ok;
  }

  private boolean returnsOnce(LayerDef layer) {
    List<Stmt.Return> returns = layer.body().stream()
        .filter(Stmt.Return.class::isInstance)
        .map(Stmt.Return.class::cast)
        .toList();
    if (returns.isEmpty()) {
      report.error(layer.name().span(), "layer '" + layer.name() + "' has no 'return': a"
          + " layer's value is the expression it returns");
      return false;
    }
    for (Stmt.Return extra : returns.subList(1, returns.size())) {
      report.error(extra.span(), "layer '" + layer.name() + "' already returns at "
          + LoweringReport.where(returns.get(0).span()));
    }
    return returns.size() == 1;
  }

  void warnUncalled(Map<String, LayerDef> layers, Set<String> called) {
    layers.forEach((name, layer) -> {
      if (!called.contains(name)) {
        report.warning(layer.name().span(), "layer '" + name + "' is never called");
      }
    });
  }
}
