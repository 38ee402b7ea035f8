package org.pcg.runtime;

/** Element type of generated code: every buffer of one generated class has the same type. */
public enum DType {
  F32("float", "f32"),
  F64("double", "f64");

  private final String javaName;
  private final String flag;

  DType(String javaName, String flag) {
    this.javaName = javaName;
    this.flag = flag;
  }

  /** The Java primitive type name, {@code float} or {@code double}. */
  public String javaName() {
    return javaName;
  }

  /** The spelling used on the command line, {@code f32} or {@code f64}. */
  public String flag() {
    return flag;
  }
}
