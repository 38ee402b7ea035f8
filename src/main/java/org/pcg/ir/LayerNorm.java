package org.pcg.ir;

import java.util.List;

/**
 * Layer normalisation over the last axis: {@code (x - mean) / sqrt(var + eps) * gain + bias},
 * with gain and bias shaped like that axis.
 */
public final class LayerNorm extends BaseOp {

  LayerNorm() {
    super("layer_norm", "Normalises the last axis, then scales by gain and adds bias.", 3, 3,
        AttrSpec.optional("eps", AttrSpec.Type.FLOAT, 1e-5));
  }

  @Override
  public Shape shape(List<Shape> args, Attrs attrs) throws ShapeException {
    Shape x = args.get(0);
    if (x.rank() == 0) {
      throw new ShapeException("layer_norm needs at least one axis, got a scalar");
    }
    Shape want = Shape.of(x.dim(-1));
    for (int i = 1; i <= 2; i++) {
      if (!args.get(i).equals(want)) {
        throw new ShapeException("layer_norm of " + x + " needs " + (i == 1 ? "gain" : "bias")
            + " of shape " + want + ", got " + args.get(i));
      }
    }
    if (attrs.getFloat("eps") <= 0) {
      throw new ShapeException("layer_norm eps must be positive");
    }
    return x;
  }
}
