package org.pcg.runtime;

import java.util.Arrays;

/**
 * Name and per-sample shape of a tensor a generated model exposes (an input, the target, the
 * output or a parameter). Parameters have no batch dimension; all other tensors are stored
 * sample-major, {@code n * size()} values for a batch of {@code n}.
 */
public record TensorSpec(String name, int[] shape) {

  public TensorSpec {
    shape = shape.clone();
  }

  @Override
  public int[] shape() {
    return shape.clone();
  }

  /** Number of elements of one sample (of the whole tensor, for a parameter). */
  public int size() {
    int size = 1;
    for (int d : shape) {
      size *= d;
    }
    return size;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TensorSpec t && t.name.equals(name) && Arrays.equals(t.shape, shape);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + Arrays.hashCode(shape);
  }

  @Override
  public String toString() {
    return name + Arrays.toString(shape);
  }
}
