package org.pcg.codegen;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles Java source held in memory with the JDK's compiler (javax.tools) and returns the
 * class files, also in memory. The class path is the running program's
 * ({@code java.class.path}), so generated code sees the pcg runtime whether pcg runs from
 * its jar or from a Maven build.
 *
 * <p>Errors in generated code are pcg's bugs, not the user's: they are thrown as {@link
 * InternalCompilerError} quoting javac's message and the offending source line.
 */
public final class JavaSourceCompiler {

  /**
   * The options every compilation uses: every lint on, no annotation processing. No
   * {@code --release}: the class is loaded by the JVM that compiles it, and reading the
   * platform's signature file costs more than the rest of a small compilation.
   */
  private static final List<String> OPTIONS = List.of("-Xlint:all", "-encoding", "UTF-8",
      "-implicit:none", "-proc:none");

  /** javac found errors in code pcg generated. */
  public static final class InternalCompilerError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final boolean classTooLarge;

    InternalCompilerError(String message, boolean classTooLarge) {
      super(message);
      this.classTooLarge = classTooLarge;
    }

    /**
     * Whether javac hit a JVM limit of one class (65535 constants) or one method (64 KB of
     * code): the model is too large, the code is not wrong.
     */
    public boolean classTooLarge() {
      return classTooLarge;
    }
  }

  /** javac's codes for the JVM's size limits on a class's constants and a method's code. */
  private static final java.util.Set<String> SIZE_LIMITS =
      java.util.Set.of("compiler.err.limit.pool", "compiler.err.limit.code");

  /**
   * The result of one compilation.
   *
   * @param classes class files by binary name
   * @param warnings javac's warnings, formatted with their source lines (none is expected)
   */
  public record Result(Map<String, byte[]> classes, List<String> warnings) {

    public Result {
      classes = Map.copyOf(classes);
      warnings = List.copyOf(warnings);
    }
  }

  /**
   * The file manager that reads the class path, kept between compilations because it caches
   * the contents of the jars it has opened; guarded by the class lock.
   */
  private static StandardJavaFileManager standardFiles;

  private JavaSourceCompiler() {}

  /**
   * Compiles one class.
   *
   * @param qualifiedName its binary name, such as {@code org.pcg.gen.MlpF64}
   * @param source its source text
   * @throws InternalCompilerError when javac reports an error
   * @throws IllegalStateException when no Java compiler is available (a JRE without javac)
   */
  public static synchronized Result compile(String qualifiedName, String source) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      throw new IllegalStateException("no Java compiler in this runtime: pcg needs a JDK");
    }
    if (standardFiles == null) {
      standardFiles = javac.getStandardFileManager(null, Locale.ROOT,
          java.nio.charset.StandardCharsets.UTF_8);
    }
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    MemoryFileManager files = new MemoryFileManager(standardFiles);
    List<String> options = new ArrayList<>(OPTIONS);
    options.add("-classpath");
    options.add(System.getProperty("java.class.path"));
    boolean ok = javac.getTask(null, files, diagnostics, options, null,
        List.of(new SourceFile(qualifiedName, source))).call();
    List<String> errors = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    boolean tooLarge = false;
    for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
      (d.getKind() == Diagnostic.Kind.ERROR ? errors : warnings).add(format(d, source));
      tooLarge |= d.getKind() == Diagnostic.Kind.ERROR && SIZE_LIMITS.contains(d.getCode());
    }
    if (!ok || !errors.isEmpty()) {
      throw new InternalCompilerError("internal compiler error: javac rejected the code pcg"
          + " generated for " + qualifiedName + " (this is a bug in pcg; please report it"
          + " with the model file):\n" + String.join("\n", errors), tooLarge);
    }
    return new Result(files.classes(), warnings);
  }

  /** {@code line N: message} followed by the source line javac points at. */
  private static String format(Diagnostic<? extends JavaFileObject> d, String source) {
    long line = d.getLineNumber();
    String text = d.getKind() + " line " + line + ": " + d.getMessage(Locale.ROOT);
    String[] lines = source.split("\n", -1);
    if (line >= 1 && line <= lines.length) {
      text += "\n    " + lines[(int) line - 1].strip();
    }
    return text;
  }

  /** A source file held as a string. */
  private static final class SourceFile extends SimpleJavaFileObject {
    private final String source;

    SourceFile(String qualifiedName, String source) {
      super(URI.create("string:///" + qualifiedName.replace('.', '/') + ".java"),
          Kind.SOURCE);
      this.source = source;
    }

    @Override
    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
      return source;
    }
  }

  /** A class file javac writes into memory. */
  private static final class ClassFile extends SimpleJavaFileObject {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    ClassFile(String binaryName) {
      super(URI.create("mem:///" + binaryName.replace('.', '/') + ".class"), Kind.CLASS);
    }

    @Override
    public OutputStream openOutputStream() {
      return bytes;
    }

    byte[] bytes() {
      return bytes.toByteArray();
    }
  }

  /** Sends javac's class output to memory; reads everything else as usual. */
  private static final class MemoryFileManager
      extends ForwardingJavaFileManager<StandardJavaFileManager> {
    private final Map<String, ClassFile> outputs = new HashMap<>();

    MemoryFileManager(StandardJavaFileManager standard) {
      super(standard);
    }

    @Override
    public JavaFileObject getJavaFileForOutput(JavaFileManager.Location location,
        String className, JavaFileObject.Kind kind, FileObject sibling) throws IOException {
      if (kind != JavaFileObject.Kind.CLASS) {
        return super.getJavaFileForOutput(location, className, kind, sibling);
      }
      ClassFile f = new ClassFile(className);
      outputs.put(className, f);
      return f;
    }

    Map<String, byte[]> classes() {
      Map<String, byte[]> all = new HashMap<>();
      outputs.forEach((name, f) -> all.put(name, f.bytes()));
      return all;
    }
  }
}
