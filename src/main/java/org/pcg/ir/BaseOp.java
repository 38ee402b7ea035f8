package org.pcg.ir;

import java.util.List;

/** Name, summary, arity and attributes of an op; subclasses add the shape rule. */
public abstract class BaseOp implements Op {

  private final String name;
  private final String summary;
  private final int minArity;
  private final int maxArity;
  private final List<AttrSpec> attributes;

  protected BaseOp(
      String name, String summary, int minArity, int maxArity, AttrSpec... attributes) {
    this.name = name;
    this.summary = summary;
    this.minArity = minArity;
    this.maxArity = maxArity;
    this.attributes = List.of(attributes);
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final String summary() {
    return summary;
  }

  @Override
  public final int minArity() {
    return minArity;
  }

  @Override
  public final int maxArity() {
    return maxArity;
  }

  @Override
  public final List<AttrSpec> attributes() {
    return attributes;
  }

  @Override
  public String toString() {
    return name;
  }
}
