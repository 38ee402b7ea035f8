package org.pcg.ir;

import java.util.List;

/**
 * One entry of the op catalogue: everything the compiler knows about an operation in one
 * place. The front end uses the arity, attributes and shape rule; the code generator uses
 * the forward and derivative code the op declares (see {@link OpCodegen}).
 *
 * <p>Ops act on per-sample shapes. A result is batched when any argument is; no op changes
 * that, so the rule lives here once rather than in every op.
 */
public interface Op {

  /** The name used in model files, such as {@code tanh} or {@code conv2d}. */
  String name();

  /** One sentence for the language reference and for "did you mean" messages. */
  String summary();

  /** Fewest tensor arguments. */
  int minArity();

  /** Most tensor arguments; {@link Integer#MAX_VALUE} for variadic ops such as concat. */
  int maxArity();

  /**
   * Attributes in declaration order. A call's positional arguments beyond {@link
   * #maxArity()} bind to these in order; the rest are named.
   */
  List<AttrSpec> attributes();

  /**
   * The shape rule: the per-sample result shape for these argument shapes.
   *
   * @throws ShapeException with a message that names the shapes, for a model author
   */
  Shape shape(List<Shape> args, Attrs attrs) throws ShapeException;

  /** The code generation of this op; null when the op has none yet. */
  default OpCodegen codegen() {
    return null;
  }
}
