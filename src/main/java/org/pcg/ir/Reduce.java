package org.pcg.ir;

import java.util.List;

/**
 * Sum or mean over one axis of a sample (the axis disappears), or over the whole sample
 * when no axis is given (the result is a scalar per sample). Never reduces over the batch.
 */
public final class Reduce extends BaseOp {

  private final boolean mean;

  Reduce(String name, boolean mean, String summary) {
    super(name, summary, 1, 1, AttrSpec.maybe("axis", AttrSpec.Type.INT));
    this.mean = mean;
  }

  /** True for mean, false for sum. */
  public boolean isMean() {
    return mean;
  }

  @Override
  public Shape shape(List<Shape> args, Attrs attrs) throws ShapeException {
    Shape x = args.get(0);
    if (!attrs.has("axis")) {
      return Shape.SCALAR;
    }
    int axis = attrs.getInt("axis");
    if (!x.hasAxis(axis)) {
      throw new ShapeException(name() + " over axis " + axis + " of shape " + x
          + ": it has " + x.rank() + (x.rank() == 1 ? " axis" : " axes"));
    }
    int a = x.normalizeAxis(axis);
    int[] dims = x.dims();
    int[] out = new int[dims.length - 1];
    for (int i = 0, j = 0; i < dims.length; i++) {
      if (i != a) {
        out[j++] = dims[i];
      }
    }
    return Shape.of(out);
  }

  static List<Op> all() {
    return List.of(
        new Reduce("sum", false, "Sum over an axis, or over the whole sample."),
        new Reduce("mean", true, "Mean over an axis, or over the whole sample."));
  }
}
