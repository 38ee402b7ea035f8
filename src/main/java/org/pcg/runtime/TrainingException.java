package org.pcg.runtime;

/**
 * Training cannot go on, for a reason the user can act on (the loss became NaN or infinite,
 * typically from too large a learning rate). The message says what happened and where.
 */
public final class TrainingException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public TrainingException(String message) {
    super(message);
  }
}
