package org.pcg.codegen;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.pcg.ir.Graph;
import org.pcg.ir.Init;
import org.pcg.ir.Sha256;
import org.pcg.passes.Compiled;
import org.pcg.passes.Passes;
import org.pcg.runtime.CompiledModel;
import org.pcg.runtime.DType;
import org.pcg.runtime.Kernels;
import org.pcg.runtime.ModelInfo;
import org.pcg.runtime.PcOptions;
import org.pcg.syntax.CompileException;

/**
 * From a lowered graph to a model class loaded in this JVM: passes, code generation,
 * in-process javac. What the {@code train} command and the tests call.
 *
 * <p>Compiled classes are cached by a hash of their source (and of the runtime classes they
 * link against): in memory for the life of the JVM and on disk, so a second run on the same
 * model skips javac.
 */
public final class ModelCompiler {

  private static final Logger LOG = Logger.getLogger(ModelCompiler.class.getName());

  /** The package of generated classes unless told otherwise. */
  public static final String DEFAULT_PACKAGE = "org.pcg.generated";

  /** The file in each cache entry that lists its classes, one binary name a line. */
  static final String MANIFEST = "classes.list";

  /** What a binary class name looks like; anything else in a manifest is garbage. */
  private static final Pattern BINARY_NAME = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$.]*");

  /** Loaded classes by cache key. */
  private static final Map<String, Class<?>> LOADED = new ConcurrentHashMap<>();

  /** Runtime classes generated code links against; their bytes are part of the cache key. */
  private static final List<Class<?>> LINKED = List.of(CompiledModel.class, ModelInfo.class,
      Kernels.class, ParamInit.class, PcOptions.class, Init.Kind.class);

  private ModelCompiler() {}

  /**
   * How to compile.
   *
   * @param packageName the package of the generated class
   * @param level whether to level the graph (false is the "levelling off" research switch)
   * @param cacheDir where compiled classes are kept between runs, or null for none
   */
  public record Options(String packageName, boolean level, Path cacheDir) {

    public Options {
      Objects.requireNonNull(packageName, "packageName");
    }

    /** The default package, levelling on, the cache under {@link #defaultCacheDir()}. */
    public static Options defaults() {
      return new Options(DEFAULT_PACKAGE, true, defaultCacheDir());
    }

    public Options withLevel(boolean on) {
      return new Options(packageName, on, cacheDir);
    }

    public Options withCacheDir(Path dir) {
      return new Options(packageName, level, dir);
    }

    public Options withPackage(String name) {
      return new Options(name, level, cacheDir);
    }
  }

  /**
   * {@code pcg.cache.dir} when set (empty: no cache), else {@code ~/.cache/pcg/classes};
   * null when there is no home directory.
   */
  public static Path defaultCacheDir() {
    String explicit = System.getProperty("pcg.cache.dir");
    if (explicit != null) {
      return explicit.isEmpty() ? null : Path.of(explicit);
    }
    String home = System.getProperty("user.home");
    return home == null ? null : Path.of(home, ".cache", "pcg", "classes");
  }

  /** A compiled model class: makes instances, and tells how it was made. */
  public static final class Factory {
    private final Lazy<Compiled> passes;
    private final Lazy<ModelGenerator.Source> source;
    private final Constructor<?> constructor;
    private final boolean cached;
    private final String cacheNote;

    Factory(Lazy<Compiled> passes, Lazy<ModelGenerator.Source> source, Class<?> type,
        boolean cached, String cacheNote) {
      this.passes = passes;
      this.source = source;
      this.cached = cached;
      this.cacheNote = cacheNote;
      try {
        this.constructor = type.getConstructor(int.class, long.class);
      } catch (NoSuchMethodException e) {
        throw new IllegalStateException("generated class has no (int, long) constructor", e);
      }
    }

    /** A new model for batches of up to {@code capacity}, parameters drawn with seed. */
    public CompiledModel create(int capacity, long seed) {
      try {
        return (CompiledModel) constructor.newInstance(capacity, seed);
      } catch (InvocationTargetException e) {
        if (e.getCause() instanceof RuntimeException re) {
          throw re;
        }
        throw new IllegalStateException(e.getCause());
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot instantiate " + constructor.getName(), e);
      }
    }

    /**
     * The graph as generated (levelled unless levelling was off) and its schedule; run on
     * first use when the class came from the cache by model key.
     */
    public Compiled passes() {
      return passes.get();
    }

    /** The generated source; generated on first use when the class came from the cache. */
    public ModelGenerator.Source source() {
      return source.get();
    }

    /** Whether javac was skipped because the class was cached. */
    public boolean fromCache() {
      return cached;
    }

    /**
     * Why the disk cache's entry for this class was thrown away (it was invalid) before
     * compiling again, for the user to hear once; null when nothing was wrong.
     */
    public String cacheNote() {
      return cacheNote;
    }
  }

  /** Runs the passes, generates the class of {@code graph} in {@code dtype} and loads it. */
  public static Factory compile(Graph graph, DType dtype, Options options) {
    return compile(graph, dtype, options, ModelKeys.key(graph, dtype, options));
  }

  /**
   * As {@link #compile(Graph, DType, Options)}, first looking the class up by
   * {@code modelKey} (see {@link ModelKeys}; null skips that) and recording it there after.
   */
  static Factory compile(Graph graph, DType dtype, Options options, String modelKey) {
    CacheLookup known = modelKey == null ? CacheLookup.MISS : byModelKey(options, modelKey);
    if (known.type() != null) {
      Lazy<Compiled> passes = new Lazy<>(() -> Passes.run(graph, options.level()));
      Lazy<ModelGenerator.Source> source = new Lazy<>(() -> generate(passes.get(), dtype,
          options));
      return new Factory(passes, source, known.type(), true, null);
    }
    Compiled passes = Passes.run(graph, options.level());
    ModelGenerator.Source source = generate(passes, dtype, options);
    Factory factory = generated(graph, passes, source, options, known.note());
    if (modelKey != null) {
      ModelKeys.record(options.cacheDir(), modelKey,
          new ModelKeys.Entry(cacheKey(source), source.qualifiedName()));
    }
    return factory;
  }

  private static ModelGenerator.Source generate(Compiled passes, DType dtype, Options options) {
    return ModelGenerator.generate(passes.graph(), passes.schedule(), dtype,
        options.packageName());
  }

  /**
   * The class recorded for {@code modelKey}, defined and verified, or a miss. A record that
   * leads to no model class of this package (damaged, or edited by hand) is forgotten.
   */
  private static CacheLookup byModelKey(Options options, String modelKey) {
    ModelKeys.Entry entry = ModelKeys.find(options.cacheDir(), modelKey);
    if (entry == null) {
      return CacheLookup.MISS;
    }
    Class<?> type = LOADED.get(entry.sourceKey());
    CacheLookup hit = type != null ? new CacheLookup(type, null)
        : lookUp(options.cacheDir().resolve(entry.sourceKey()), entry.className());
    if (hit.type() != null && !isModelClass(hit.type(), options)) {
      ModelKeys.forget(options.cacheDir(), modelKey);
      return CacheLookup.MISS;
    }
    if (hit.type() != null) {
      LOADED.put(entry.sourceKey(), hit.type());
    }
    return hit;
  }

  /** Whether {@code type} is a generated model class of the package {@code options} name. */
  private static boolean isModelClass(Class<?> type, Options options) {
    return type.getClassLoader() instanceof BytesClassLoader
        && type.getPackageName().equals(options.packageName())
        && CompiledModel.class.isAssignableFrom(type);
  }

  /**
   * Loads the class of {@code source}: from memory, the disk cache, or javac.
   * {@code priorNote} is why a cache entry was already thrown away, or null.
   */
  private static Factory generated(Graph graph, Compiled passes, ModelGenerator.Source source,
      Options options, String priorNote) {
    try {
      return load(passes, source, options.cacheDir(), priorNote);
    } catch (JavaSourceCompiler.InternalCompilerError e) {
      if (!e.classTooLarge()) {
        throw e;
      }
      // Large models are spread over a chain of classes (ClassSplitter), but the first of
      // them still names every parameter, and one vertex's methods stay in one class.
      throw CompileException.of(graph.loss().span(), "model " + graph.name() + " is too"
          + " large for the JVM: its " + passes.graph().vertices().size() + " vertices and "
          + graph.params().size() + " parameters exceed the limits of a class file even"
          + " when spread over several classes");
    }
  }

  private static Factory load(Compiled passes, ModelGenerator.Source source, Path cacheDir,
      String priorNote) {
    String key = cacheKey(source);
    Class<?> type = LOADED.get(key);
    Lazy<Compiled> knownPasses = new Lazy<>(passes);
    Lazy<ModelGenerator.Source> knownSource = new Lazy<>(source);
    if (type != null) {
      return new Factory(knownPasses, knownSource, type, true, priorNote);
    }
    Path entry = cacheDir == null ? null : cacheDir.resolve(key);
    CacheLookup hit = entry == null ? CacheLookup.MISS : lookUp(entry, source.qualifiedName());
    type = hit.type() != null ? hit.type() : compileAndCache(source, entry);
    LOADED.put(key, type);
    String note = hit.note() != null ? hit.note() : priorNote;
    return new Factory(knownPasses, knownSource, type, hit.type() != null, note);
  }

  /** A value computed once, on first use; or known from the start. */
  static final class Lazy<T> {
    private Supplier<T> compute;
    private T value;

    Lazy(Supplier<T> compute) {
      this.compute = compute;
    }

    Lazy(T value) {
      this.value = Objects.requireNonNull(value);
    }

    synchronized T get() {
      if (compute != null) {
        value = compute.get();
        compute = null;
      }
      return value;
    }
  }

  /**
   * What the disk cache held for one key.
   *
   * @param type the class it defined, or null on a miss
   * @param note why an entry was thrown away, or null
   */
  private record CacheLookup(Class<?> type, String note) {
    static final CacheLookup MISS = new CacheLookup(null, null);
  }

  /**
   * The class cached in {@code entry}, defined and verified. An entry that is incomplete,
   * truncated or garbled (another program's write, a full disk, a hand edit) is deleted and
   * compiled again, with a note: the cache only saves time, so it must never stop a run,
   * and a bad entry left in place would cost javac on every later run.
   */
  private static CacheLookup lookUp(Path entry, String name) {
    CacheRead read = readCache(entry);
    if (read == CacheRead.ABSENT) {
      return CacheLookup.MISS;
    }
    String problem = read.problem();
    if (problem == null) {
      try {
        return new CacheLookup(defineVerified(name, read.classes()), null);
      } catch (LinkageError | ClassNotFoundException e) {
        problem = e.getClass().getSimpleName();
      }
    }
    deleteQuietly(entry);
    return new CacheLookup(null, "the class cache entry " + entry + " was invalid ("
        + problem + "); deleted it and compiled the model again");
  }

  /** Defines and links every cached class, so a bad one fails here rather than mid-run. */
  private static Class<?> defineVerified(String name, Map<String, byte[]> classes)
      throws ClassNotFoundException {
    ClassLoader loader = new BytesClassLoader(ModelCompiler.class.getClassLoader(), classes);
    for (String each : classes.keySet()) {
      Class.forName(each, true, loader);
    }
    return Class.forName(name, true, loader);
  }

  private static Class<?> compileAndCache(ModelGenerator.Source source, Path entry) {
    long start = System.nanoTime();
    Map<String, byte[]> classes =
        JavaSourceCompiler.compile(source.qualifiedName(), source.code()).classes();
    LOG.fine(() -> String.format("javac %s: %.0f ms", source.qualifiedName(),
        (System.nanoTime() - start) / 1e6));
    if (entry != null) {
      writeCache(entry, classes);
    }
    return define(source.qualifiedName(), classes);
  }

  /** Forgets the classes loaded in this JVM, as a new run would start; for tests. */
  static void forgetLoadedClasses() {
    LOADED.clear();
  }

  private static Class<?> define(String name, Map<String, byte[]> classes) {
    try {
      return new BytesClassLoader(ModelCompiler.class.getClassLoader(), classes)
          .loadClass(name);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("javac produced no class " + name, e);
    }
  }

  /** The SHA-256 of the source and of the runtime classes it links against, in hex. */
  static String cacheKey(ModelGenerator.Source source) {
    MessageDigest sha = Sha256.digest();
    sha.update(source.code().getBytes(StandardCharsets.UTF_8));
    for (Class<?> c : LINKED) {
      sha.update(classBytes(c));
    }
    return Sha256.hex(sha).substring(0, 32);
  }

  private static byte[] classBytes(Class<?> c) {
    String resource = c.getName().substring(c.getPackageName().length() + 1) + ".class";
    try (InputStream in = c.getResourceAsStream(resource)) {
      return in == null ? c.getName().getBytes(StandardCharsets.UTF_8) : in.readAllBytes();
    } catch (IOException e) {
      return c.getName().getBytes(StandardCharsets.UTF_8);
    }
  }

  /**
   * What a cache entry held: its classes, or why it is unusable, or {@link #ABSENT}.
   *
   * @param classes class bytes by binary name, or null
   * @param problem why the entry cannot be used, or null
   */
  private record CacheRead(Map<String, byte[]> classes, String problem) {
    static final CacheRead ABSENT = new CacheRead(null, null);

    static CacheRead bad(String problem) {
      return new CacheRead(null, problem);
    }
  }

  /**
   * The classes cached in {@code dir}: those its manifest lists, every one of which must be
   * there (a class javac made but the entry lacks would fail only when the run first needs
   * it, mid-training).
   */
  private static CacheRead readCache(Path dir) {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return CacheRead.ABSENT;
    }
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return CacheRead.bad("not a directory");
    }
    List<String> names;
    try {
      names = Files.readAllLines(dir.resolve(MANIFEST), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return CacheRead.bad("no readable " + MANIFEST);
    }
    Map<String, byte[]> classes = new HashMap<>();
    for (String name : names) {
      if (!BINARY_NAME.matcher(name).matches()) {
        return CacheRead.bad(MANIFEST + " names no class: '" + name + "'");
      }
      try {
        classes.put(name, Files.readAllBytes(dir.resolve(name + ".class")));
      } catch (IOException e) {
        return CacheRead.bad("class " + name + " missing or unreadable");
      }
    }
    return classes.isEmpty() ? CacheRead.bad("no classes") : new CacheRead(classes, null);
  }

  /**
   * Writes class files into {@code dir} through a temporary directory renamed into place,
   * so a concurrent reader sees all of them or none. A cache that cannot be written is
   * skipped: it only saves time.
   */
  private static void writeCache(Path dir, Map<String, byte[]> classes) {
    Path tmp = null;
    try {
      Files.createDirectories(dir.getParent());
      tmp = Files.createTempDirectory(dir.getParent(), "tmp-");
      for (Map.Entry<String, byte[]> e : classes.entrySet()) {
        Files.write(tmp.resolve(e.getKey() + ".class"), e.getValue());
      }
      Files.write(tmp.resolve(MANIFEST), classes.keySet(), StandardCharsets.UTF_8);
      Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | UnsupportedOperationException e) {
      // Another run may have cached the same class first; either way this copy is not needed.
      LOG.fine(() -> "class cache not written: " + e);
      deleteQuietly(tmp);
    }
  }

  /** Deletes a cache entry or temporary, a file or a whole directory, as far as it can. */
  private static void deleteQuietly(Path path) {
    if (path == null) {
      return;
    }
    try (Stream<Path> all = Files.walk(path)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | UncheckedIOException e) {
      LOG.fine(() -> "cache entry or temporary left behind: " + path);
    }
  }

  /** Defines classes from javac's bytes, delegating everything else to pcg's loader. */
  static final class BytesClassLoader extends ClassLoader {
    private final Map<String, byte[]> classes;

    BytesClassLoader(ClassLoader parent, Map<String, byte[]> classes) {
      super(parent);
      this.classes = classes;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      byte[] bytes = classes.get(name);
      if (bytes == null) {
        throw new ClassNotFoundException(name);
      }
      return defineClass(name, bytes, 0, bytes.length);
    }
  }
}
