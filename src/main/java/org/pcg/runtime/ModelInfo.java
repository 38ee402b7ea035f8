package org.pcg.runtime;

import java.util.List;

/**
 * What a generated model exposes to the runtime: its tensors, in the order the index-based
 * methods of {@link CompiledModel} use.
 *
 * @param name the model's name from its file
 * @param source the model file the class was generated from, as given to the compiler
 * @param dtype element type of the generated code
 * @param inputs the model's inputs, in declaration order
 * @param target the target tensor the loss compares the output with
 * @param output the output vertex the loss reads
 * @param params the learnable parameters, in declaration order (after layer expansion)
 * @param loss the loss name, for example {@code cross_entropy}
 * @param meanReduction true when the loss is averaged over the batch, false when summed
 */
public record ModelInfo(
    String name,
    String source,
    DType dtype,
    List<TensorSpec> inputs,
    TensorSpec target,
    TensorSpec output,
    List<TensorSpec> params,
    String loss,
    boolean meanReduction) {

  public ModelInfo {
    inputs = List.copyOf(inputs);
    params = List.copyOf(params);
  }

  /** Index of the parameter with this name, or -1. */
  public int paramIndex(String paramName) {
    for (int i = 0; i < params.size(); i++) {
      if (params.get(i).name().equals(paramName)) {
        return i;
      }
    }
    return -1;
  }
}
