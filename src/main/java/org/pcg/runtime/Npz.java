package org.pcg.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipException;
import java.util.zip.ZipOutputStream;

/**
 * Reads and writes NumPy .npz archives: a zip file with one {@code NAME.npy} entry per array,
 * as {@code numpy.savez} makes them (entries stored or deflated). See {@link NpyArray} for the
 * element types supported.
 */
public final class Npz {

  private static final String SUFFIX = ".npy";

  private Npz() {}

  /** The arrays of {@code file} by name (the entry name without .npy), in archive order. */
  public static Map<String, NpyArray> read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw DataException.in(file, Files.exists(file) ? "not a regular file" : "no such file");
    }
    try (ZipFile zip = new ZipFile(file.toFile())) {
      Map<String, NpyArray> arrays = new LinkedHashMap<>();
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        String name = arrayName(file, entry);
        if (arrays.put(name, readEntry(zip, entry, file)) != null) {
          throw DataException.in(file, "holds two arrays named '" + name + "'");
        }
      }
      return arrays;
    } catch (ZipException e) {
      throw DataException.in(file, "not a readable .npz (zip) archive: " + e.getMessage());
    } catch (IOException e) {
      throw DataException.io(file, e);
    }
  }

  private static NpyArray readEntry(ZipFile zip, ZipEntry entry, Path file)
      throws IOException {
    try (InputStream in = zip.getInputStream(entry)) {
      return NpyArray.decode(file + " (" + entry.getName() + ")", in);
    }
  }

  private static String arrayName(Path file, ZipEntry entry) {
    String name = entry.getName();
    if (entry.isDirectory() || !name.endsWith(SUFFIX)) {
      throw DataException.in(file, "entry '" + name + "' is not a .npy array");
    }
    return name.substring(0, name.length() - SUFFIX.length());
  }

  /**
   * Writes {@code arrays} to {@code file} atomically: into a temporary file in the same
   * directory, forced to disk, then renamed over {@code file}. A reader sees the old file or
   * the new one, never a part; a failed write leaves the old file as it was.
   *
   * @throws DataException when the file cannot be written
   */
  public static void write(Path file, Map<String, NpyArray> arrays) {
    AtomicFiles.write(file, out -> {
      try (ZipOutputStream zip = new ZipOutputStream(out)) {
        for (Map.Entry<String, NpyArray> e : arrays.entrySet()) {
          putStored(zip, e.getKey(), e.getValue().encode());
        }
      }
    });
  }

  /** Adds an uncompressed entry, as numpy.savez does; a stored entry needs its CRC first. */
  private static void putStored(ZipOutputStream zip, String name, byte[] bytes)
      throws IOException {
    if (name.isEmpty()) {
      throw new IllegalArgumentException("an array name must not be empty");
    }
    CRC32 crc = new CRC32();
    crc.update(bytes);
    ZipEntry entry = new ZipEntry(name + SUFFIX);
    entry.setMethod(ZipEntry.STORED);
    entry.setSize(bytes.length);
    entry.setCompressedSize(bytes.length);
    entry.setCrc(crc.getValue());
    zip.putNextEntry(entry);
    zip.write(bytes);
    zip.closeEntry();
  }
}
