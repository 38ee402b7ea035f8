/**
 * The front end's first phase: model text to an immutable syntax tree, and the diagnostics
 * every phase reports.
 *
 * <p>{@link org.pcg.syntax.Frontend#load} runs the whole front end: {@link
 * org.pcg.syntax.Parser} lexes with the ANTLR grammar {@code grammar/Pcg.g4}, checks tokens
 * ({@code TokenChecks}), parses with author-worded syntax errors ({@code
 * SyntaxErrorStrategy}) and builds the AST of {@link org.pcg.syntax.ast}; then {@link
 * org.pcg.ir.Lowering} turns the AST into an IR graph. ANTLR types stay in this package.
 * The language itself is described in {@code docs/language.md}.
 */
package org.pcg.syntax;
