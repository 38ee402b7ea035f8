/**
 * The syntax tree of a model file: immutable records, each carrying the {@link
 * org.pcg.syntax.SourceSpan} that diagnostics about it point at. Nothing here depends on
 * ANTLR.
 */
package org.pcg.syntax.ast;
