/**
 * Passes over the IR between lowering and code generation.
 *
 * <p>{@link org.pcg.passes.Passes#run} is the driver: it checks the lowered graph with the
 * {@link org.pcg.passes.Verifier}, levels it ({@link org.pcg.passes.Levelling}: identity
 * vertices on short paths so that every path to the output has the same length) and derives
 * the Z-IL {@link org.pcg.passes.Schedule} (which vertices and parameters act at which
 * inference step). The verifier runs after every pass; a failure is a compiler bug and names
 * the pass that broke the graph.
 */
package org.pcg.passes;
