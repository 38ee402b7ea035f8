package org.pcg.ir;

/**
 * How an op becomes Java: its forward code and the vector-Jacobian product for each
 * argument. Declared beside the op's shape rule so that adding an op touches one file; the
 * code generator in org.pcg.codegen supplies the context that names buffers and sizes.
 *
 * <p>This interface is filled in by the code generator's owner; an op whose {@link
 * Op#codegen()} is null can be parsed and inspected but not compiled.
 */
public interface OpCodegen {}
