package org.pcg.ir;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.pcg.syntax.Suggest;

/** Words for names that cannot be resolved: undefined, out of sight in a layer, misused. */
final class LoweringNames {

  private final Scope model;
  private final Set<String> layers;

  LoweringNames(Scope model, Set<String> layers) {
    this.model = model;
    this.layers = layers;
  }

  boolean isLayer(String name) {
    return layers.contains(name);
  }

  /** Why {@code name}, used as a value in {@code scope}, means nothing there. */
  String undefined(String name, Scope scope) {
    if (OpCatalog.lookup(name) != null || layers.contains(name)
        || OpCatalog.CONSTRUCTORS.contains(name)) {
      return "'" + name + "' is a function: call it, as in '" + name + "(...)'";
    }
    if (scope.layer() != null && model.lookup(name) != null) {
      return "'" + name + "' belongs to the model and is not visible inside layer '"
          + scope.layer() + "': pass it to the layer as an argument";
    }
    return "undefined name '" + name + "'" + Suggest.clause(name, scope.visibleNames());
  }

  /** Why {@code name} is not something that can be called. */
  String unknownFunction(String name, Scope scope) {
    if (scope.lookup(name) != null) {
      return "'" + name + "' is not a function, so it cannot be called";
    }
    return "unknown function '" + name + "'" + Suggest.clause(name, functionNames());
  }

  /** Everything callable: ops, constant constructors and layers. */
  List<String> functionNames() {
    List<String> all = new ArrayList<>();
    OpCatalog.all().forEach(op -> all.add(op.name()));
    all.addAll(OpCatalog.CONSTRUCTORS);
    all.addAll(layers);
    return all;
  }
}
