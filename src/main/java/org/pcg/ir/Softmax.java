package org.pcg.ir;

import java.util.List;

/** Softmax or log-softmax along one axis (default the last), computed without overflow. */
public final class Softmax extends BaseOp {

  private final boolean log;

  Softmax(String name, boolean log, String summary) {
    super(name, summary, 1, 1, AttrSpec.optional("axis", AttrSpec.Type.INT, -1));
    this.log = log;
  }

  /** True for log_softmax. */
  public boolean isLog() {
    return log;
  }

  @Override
  public Shape shape(List<Shape> args, Attrs attrs) throws ShapeException {
    Shape x = args.get(0);
    int axis = attrs.getInt("axis");
    if (!x.hasAxis(axis)) {
      throw new ShapeException(name() + " along axis " + axis + " of shape " + x
          + ": it has " + x.rank() + (x.rank() == 1 ? " axis" : " axes"));
    }
    return x;
  }

  static List<Op> all() {
    return List.of(
        new Softmax("softmax", false, "exp(x) / sum(exp(x)) along an axis."),
        new Softmax("log_softmax", true, "x - log(sum(exp(x))) along an axis."));
  }
}
