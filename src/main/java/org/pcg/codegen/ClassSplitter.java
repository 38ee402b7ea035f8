package org.pcg.codegen;

import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.lang.model.element.Modifier;

/**
 * Spreads the members of a model class too large for one class file over a chain of
 * classes, {@code NamePart0 <- NamePart1 <- ... <- Name}, each with its own constant pool.
 * The JVM allows 65535 constants per class, and every field and method a class's code names
 * costs about three; one class holds about 2000 vertices.
 *
 * <p>Nothing in the code changes, only where each member lives: a vertex's methods and
 * buffers go to the part of its vertex (the vertices are cut into runs of
 * {@value #VERTICES_PER_PART} in topological order), a field named by an earlier vertex method
 * to that method's part, every other method to the latest part among the members it names,
 * static members and the fields every part shares to the first part, and the public methods
 * and the constructor to the last, public class. A subclass sees all of its ancestors'
 * members, so each member sees everything it names. Members of parts lose {@code private}
 * (a subclass could not reach them) and, where the constructor of the last class assigns
 * them, {@code final}.
 *
 * <p>What a method names is read from its code, conservatively: a local that happens to
 * share a field's name counts as that field. That can only move a method later or a field
 * earlier, never out of sight, and a check after placement makes sure.
 */
final class ClassSplitter {

  /**
   * Computed vertices per part, and the most a class holds unsplit: at about 35 constants
   * each, a part stays near 18,000 of the 65535.
   */
  static final int VERTICES_PER_PART = 500;

  /** A name not selected from another object ({@code a.b}), and whether it is called. */
  private static final Pattern IDENTIFIER =
      Pattern.compile("(?<![.\\w])[A-Za-z_][A-Za-z_0-9]*(\\s*\\()?");
  private static final Pattern LITERAL_OR_COMMENT = Pattern.compile(
      "\"(\\\\.|[^\"\\\\])*\"|'(\\\\.|[^'\\\\])*'|//[^\\n]*|/\\*.*?\\*/", Pattern.DOTALL);

  private final TypeSpec whole;
  private final Set<String> shared;
  private final int perPart;
  private final int parts;
  private final Map<String, Integer> fieldPart = new HashMap<>();
  private final Map<String, Integer> methodPart = new HashMap<>();
  private final Map<MethodSpec, References> references = new IdentityHashMap<>();

  /** The fields and methods a method's code names. */
  private record References(Set<String> fields, Set<String> methods) {}

  private ClassSplitter(TypeSpec whole, Set<String> shared, int perPart, int parts) {
    this.whole = whole;
    this.shared = shared;
    this.perPart = perPart;
    this.parts = parts;
  }

  /**
   * The source of {@code whole} split into parts.
   *
   * @param vertexOfMember for each vertex method and vertex buffer, the index of its vertex
   *     among the computed vertices in topological order
   * @param shared names of the instance fields every part uses (batch size, capacity, tables)
   * @param perPart computed vertices per part
   * @param fileComment the comment the file starts with
   */
  static String source(String packageName, TypeSpec whole, Map<String, Integer> vertexOfMember,
      Set<String> shared, int perPart, String fileComment) {
    int vertices = vertexOfMember.values().stream().mapToInt(v -> v + 1).max().orElse(1);
    int parts = (vertices + perPart - 1) / perPart;
    ClassSplitter splitter = new ClassSplitter(whole, shared, perPart, parts);
    splitter.place(vertexOfMember);
    return splitter.write(packageName, fileComment);
  }

  // ---- placement ----

  private void place(Map<String, Integer> vertexOfMember) {
    whole.fieldSpecs().forEach(f -> fieldPart.put(f.name(), 0));
    whole.methodSpecs().forEach(m -> methodPart.put(m.name(), 0));
    for (MethodSpec m : whole.methodSpecs()) {
      references.put(m, references(m));
      Integer vertex = vertexOfMember.get(m.name());
      methodPart.put(m.name(), vertex != null ? vertex / perPart
          : pinned(m) ? parts : 0);
    }
    placeFields(vertexOfMember);
    placeMethods();
    checkVisibility();
  }

  /** Public methods and constructors belong to the last class; statics to the first. */
  private boolean pinned(MethodSpec m) {
    return m.isConstructor() || m.modifiers().contains(Modifier.PUBLIC);
  }

  /** A field goes to its vertex's part or to the earliest part that names it, if earlier. */
  private void placeFields(Map<String, Integer> vertexOfMember) {
    Map<String, Integer> earliest = new HashMap<>();
    for (MethodSpec m : whole.methodSpecs()) {
      if (vertexOfMember.containsKey(m.name())) {
        int part = methodPart.get(m.name());
        references.get(m).fields().forEach(f -> earliest.merge(f, part, Math::min));
      }
    }
    vertexOfMember.forEach((name, vertex) -> {
      if (fieldPart.containsKey(name)) {
        earliest.merge(name, vertex / perPart, Math::min);
      }
    });
    for (FieldSpec f : whole.fieldSpecs()) {
      boolean first = f.modifiers().contains(Modifier.STATIC) || shared.contains(f.name());
      fieldPart.put(f.name(), first ? 0 : earliest.getOrDefault(f.name(), 0));
    }
  }

  /** Moves each unpinned method to the latest part among what it names, until stable. */
  private void placeMethods() {
    boolean changed = true;
    while (changed) {
      changed = false;
      for (MethodSpec m : whole.methodSpecs()) {
        if (pinned(m) || m.modifiers().contains(Modifier.STATIC)) {
          continue;
        }
        int part = Math.max(methodPart.get(m.name()), latest(references.get(m)));
        if (part != methodPart.get(m.name())) {
          methodPart.put(m.name(), part);
          changed = true;
        }
      }
    }
  }

  private int latest(References refs) {
    int part = 0;
    for (String f : refs.fields()) {
      part = Math.max(part, fieldPart.get(f));
    }
    for (String m : refs.methods()) {
      part = Math.max(part, methodPart.get(m));
    }
    return part;
  }

  /** A compiler bug if a member names one that its class cannot see. */
  private void checkVisibility() {
    for (MethodSpec m : whole.methodSpecs()) {
      if (latest(references.get(m)) > methodPart.get(m.name())) {
        throw new IllegalStateException("class splitting placed " + m.name()
            + " before a member it names");
      }
    }
  }

  /** The members a method's code names (a conservative reading: locals may match too). */
  private References references(MethodSpec m) {
    Set<String> fieldNames = new TreeSet<>();
    Set<String> methodNames = new TreeSet<>();
    String code = LITERAL_OR_COMMENT.matcher(m.code().toString()).replaceAll(" ")
        .replace("this.", "");
    Matcher id = IDENTIFIER.matcher(code);
    while (id.find()) {
      boolean call = id.group(1) != null;
      String name = id.group().replaceAll("\\s*\\($", "");
      if (call && methodNamed(name)) {
        methodNames.add(name);
      } else if (!call && fieldNamed(name)) {
        fieldNames.add(name);
      }
    }
    return new References(fieldNames, methodNames);
  }

  private boolean methodNamed(String name) {
    return methodPart.containsKey(name);
  }

  private boolean fieldNamed(String name) {
    return fieldPart.containsKey(name);
  }

  // ---- writing ----

  private String write(String packageName, String fileComment) {
    String last = whole.name();
    Set<String> imports = new TreeSet<>();
    StringBuilder body = new StringBuilder();
    for (int part = parts; part >= 0; part--) {
      String text = JavaFile.builder(packageName, type(part)).skipJavaLangImports(true)
          .indent("  ").build().toString();
      body.append('\n').append(stripHeader(text, imports));
    }
    StringBuilder sb = new StringBuilder();
    fileComment.lines().forEach(l -> sb.append("// ").append(l).append('\n'));
    sb.append("package ").append(packageName).append(";\n\n");
    imports.forEach(i -> sb.append(i).append('\n'));
    return sb.append(body).toString().replace("\n\n\n", "\n\n");
  }

  private TypeSpec type(int part) {
    TypeSpec.Builder b = part == parts
        ? TypeSpec.classBuilder(whole.name()).addModifiers(Modifier.PUBLIC, Modifier.FINAL)
            .addSuperinterfaces(whole.superinterfaces()).addJavadoc(whole.javadoc())
        : TypeSpec.classBuilder(partName(part)).addModifiers(Modifier.ABSTRACT)
            .addJavadoc("Part $L of the members of {@link $L}, which is too large for one"
                + " class.\n", part, whole.name());
    if (part > 0) {
      b.superclass(com.palantir.javapoet.ClassName.bestGuess(partName(part - 1)));
    }
    for (FieldSpec f : whole.fieldSpecs()) {
      if (fieldPart.get(f.name()) == part) {
        b.addField(open(f));
      }
    }
    for (MethodSpec m : whole.methodSpecs()) {
      if (methodPart.get(m.name()) == part) {
        b.addMethod(part == parts ? m : open(m));
      }
    }
    return b.build();
  }

  private String partName(int part) {
    return whole.name() + "Part" + part;
  }

  /** The field without private, and without final where a later constructor assigns it. */
  private static FieldSpec open(FieldSpec f) {
    Set<Modifier> modifiers = EnumSet.noneOf(Modifier.class);
    modifiers.addAll(f.modifiers());
    modifiers.remove(Modifier.PRIVATE);
    if (f.initializer().isEmpty()) {
      modifiers.remove(Modifier.FINAL);
    }
    FieldSpec.Builder b = FieldSpec.builder(f.type(), f.name(),
        modifiers.toArray(Modifier[]::new)).addJavadoc(f.javadoc());
    if (!f.initializer().isEmpty()) {
      b.initializer(f.initializer());
    }
    return b.build();
  }

  private static MethodSpec open(MethodSpec m) {
    Set<Modifier> modifiers = EnumSet.noneOf(Modifier.class);
    modifiers.addAll(m.modifiers());
    modifiers.remove(Modifier.PRIVATE);
    return MethodSpec.methodBuilder(m.name()).addJavadoc(m.javadoc())
        .addAnnotations(m.annotations()).addModifiers(modifiers).returns(m.returnType())
        .addParameters(m.parameters()).varargs(m.varargs()).addExceptions(m.exceptions())
        .addCode(m.code()).build();
  }

  /** The type declaration of one generated file, its imports added to {@code imports}. */
  private static String stripHeader(String text, Set<String> imports) {
    StringBuilder rest = new StringBuilder();
    boolean header = true;
    for (String line : text.split("\n", -1)) {
      if (header && line.startsWith("import ")) {
        imports.add(line);
      } else if (header && (line.startsWith("package ") || line.isBlank())) {
        continue;
      } else {
        header = false;
        rest.append(line).append('\n');
      }
    }
    return rest.toString();
  }
}
