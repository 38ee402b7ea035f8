package org.pcg.ir;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The names visible at one point of a model: the model body, one expansion of a layer, or
 * one iteration of a loop. Loop scopes see their enclosing scope; a layer scope sees only
 * its own names, so that a layer means the same wherever it is called.
 */
final class Scope {

  private final Scope parent;
  private final String prefix;
  private final String layer;
  private final Map<String, ScopeBinding> names = new LinkedHashMap<>();

  private Scope(Scope parent, String prefix, String layer) {
    this.parent = parent;
    this.prefix = prefix;
    this.layer = layer;
  }

  /** The scope of a model body; its definitions keep their own names. */
  static Scope model() {
    return new Scope(null, "", null);
  }

  /** The scope of one expansion of {@code layer}, whose definitions are named prefix + name. */
  static Scope layer(String layer, String prefix) {
    return new Scope(null, prefix, layer);
  }

  /** A scope for one iteration of a loop inside this one. */
  Scope loop() {
    return new Scope(this, prefix, layer);
  }

  /** The model-level name of a definition made here: {@code h1.W} inside layer call h1. */
  String global(String local) {
    return prefix + local;
  }

  /** The layer this scope expands, or null in the model. */
  String layer() {
    return layer;
  }

  boolean isLoop() {
    return parent != null;
  }

  /** What a name means here, or null. */
  ScopeBinding lookup(String name) {
    for (Scope s = this; s != null; s = s.parent) {
      ScopeBinding b = s.names.get(name);
      if (b != null) {
        return b;
      }
    }
    return null;
  }

  /** Binds a name in this scope itself (loop variables). */
  void bindHere(String name, ScopeBinding binding) {
    names.put(name, binding);
  }

  /** Binds a name where definitions live: the model or layer scope around any loops. */
  void define(String name, ScopeBinding binding) {
    Scope s = this;
    while (s.parent != null) {
      s = s.parent;
    }
    s.names.put(name, binding);
  }

  /** Every name visible here, innermost first, for "did you mean". */
  List<String> visibleNames() {
    List<String> all = new ArrayList<>();
    for (Scope s = this; s != null; s = s.parent) {
      all.addAll(s.names.keySet());
    }
    return all;
  }
}
