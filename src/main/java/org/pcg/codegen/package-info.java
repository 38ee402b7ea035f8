/**
 * Code generation: from a levelled IR graph to a Java class implementing
 * {@link org.pcg.runtime.CompiledModel}, compiled and loaded in this JVM.
 *
 * <p>{@link org.pcg.codegen.ModelCompiler} is the entry point: it runs the passes, asks
 * {@link org.pcg.codegen.ModelGenerator} for the source and {@link
 * org.pcg.codegen.JavaSourceCompiler} for the class files (cached by a hash of the source).
 * The generator writes two methods per vertex ({@code VertexCode}), each a sequence of the
 * forward or backward code the ops declare in the catalogue through {@link
 * org.pcg.ir.OpEmit} ({@code NodeEmitter} implements it); the learning rules are drivers
 * that call those methods with different buffers ({@code AlgorithmCode}). Model names reach
 * the code only through {@code Mangler}; {@code Numbers} is all that differs between the
 * float and double variants.
 */
package org.pcg.codegen;
