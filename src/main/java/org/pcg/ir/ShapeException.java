package org.pcg.ir;

/**
 * A shape rule rejected its arguments. The message is written for a model author and names
 * the shapes involved; lowering turns it into a diagnostic at the call.
 */
public final class ShapeException extends Exception {

  private static final long serialVersionUID = 1L;

  public ShapeException(String message) {
    super(message);
  }
}
