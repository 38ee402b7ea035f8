package org.pcg.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An array as NumPy stores it in a .npy file: an element type, a shape and the elements in
 * C (row-major) order. Only little-endian float64, float32, int64, int32 and uint8 arrays are
 * supported, in format versions 1.0 and 2.0; anything else is refused with a
 * {@link DataException} that says what was found.
 */
public final class NpyArray {

  /** The supported element types, by NumPy's {@code descr} spelling. */
  public enum Kind {
    F8("<f8", 8),
    F4("<f4", 4),
    I8("<i8", 8),
    I4("<i4", 4),
    U1("|u1", 1);

    private final String descr;
    private final int itemSize;

    Kind(String descr, int itemSize) {
      this.descr = descr;
      this.itemSize = itemSize;
    }

    public String descr() {
      return descr;
    }

    static Kind ofDescr(String descr) {
      for (Kind k : values()) {
        if (k.descr.equals(descr)) {
          return k;
        }
      }
      return null;
    }
  }

  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

  /** Headers are padded so that the data starts at a multiple of this, as NumPy does. */
  private static final int ALIGNMENT = 64;

  /** Far more than any real header; refuses a garbage length before allocating it. */
  private static final int MAX_HEADER = 1 << 20;

  private final Kind kind;
  private final int[] shape;
  private final ByteBuffer data;

  /** {@code data} holds exactly the little-endian elements and is not shared. */
  private NpyArray(Kind kind, int[] shape, ByteBuffer data) {
    this.kind = kind;
    this.shape = shape.clone();
    this.data = data.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
  }

  public static NpyArray of(double[] values, int... shape) {
    ByteBuffer b = allocate(Kind.F8, values.length, shape);
    b.asDoubleBuffer().put(values);
    return new NpyArray(Kind.F8, shape, b);
  }

  public static NpyArray of(float[] values, int... shape) {
    ByteBuffer b = allocate(Kind.F4, values.length, shape);
    b.asFloatBuffer().put(values);
    return new NpyArray(Kind.F4, shape, b);
  }

  public static NpyArray of(long[] values, int... shape) {
    ByteBuffer b = allocate(Kind.I8, values.length, shape);
    b.asLongBuffer().put(values);
    return new NpyArray(Kind.I8, shape, b);
  }

  public static NpyArray of(int[] values, int... shape) {
    ByteBuffer b = allocate(Kind.I4, values.length, shape);
    b.asIntBuffer().put(values);
    return new NpyArray(Kind.I4, shape, b);
  }

  /** An array of uint8 elements, each byte read as 0..255. */
  public static NpyArray ofUnsignedBytes(byte[] values, int... shape) {
    ByteBuffer b = allocate(Kind.U1, values.length, shape);
    b.put(0, values);
    return new NpyArray(Kind.U1, shape, b);
  }

  public Kind kind() {
    return kind;
  }

  public int[] shape() {
    return shape.clone();
  }

  /** Number of elements: the product of the shape, 1 for a scalar. */
  public int size() {
    return data.capacity() / kind.itemSize;
  }

  /** The elements as doubles (int64 values beyond 2^53 are rounded). */
  public double[] toDoubles() {
    double[] out = new double[size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = switch (kind) {
        case F8 -> data.getDouble(8 * i);
        case F4 -> data.getFloat(4 * i);
        case I8 -> data.getLong(8 * i);
        case I4 -> data.getInt(4 * i);
        case U1 -> data.get(i) & 0xff;
      };
    }
    return out;
  }

  /** The elements of an integer array as longs. */
  public long[] toLongs() {
    if (kind == Kind.F8 || kind == Kind.F4) {
      throw new IllegalStateException("toLongs() on a " + kind.descr + " array");
    }
    long[] out = new long[size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = switch (kind) {
        case I8 -> data.getLong(8 * i);
        case I4 -> data.getInt(4 * i);
        default -> data.get(i) & 0xff;
      };
    }
    return out;
  }

  @Override
  public String toString() {
    return kind.descr + Arrays.toString(shape);
  }

  /** The array as the bytes of a .npy file, format 1.0 (2.0 if the header needs it). */
  byte[] encode() {
    String dict = NpyHeader.format(kind.descr, shape);
    int prefix = MAGIC.length + 2 + 2;
    int version = roundUp(prefix + dict.length() + 1, ALIGNMENT) - prefix > 0xffff ? 2 : 1;
    prefix += version == 2 ? 2 : 0;
    int headerLength = roundUp(prefix + dict.length() + 1, ALIGNMENT) - prefix;
    String header = dict + " ".repeat(headerLength - dict.length() - 1) + "\n";

    ByteBuffer out = ByteBuffer.allocate(prefix + headerLength + data.capacity())
        .order(ByteOrder.LITTLE_ENDIAN);
    out.put(MAGIC).put((byte) version).put((byte) 0);
    if (version == 1) {
      out.putShort((short) headerLength);
    } else {
      out.putInt(headerLength);
    }
    out.put(header.getBytes(StandardCharsets.ISO_8859_1));
    out.put(data.duplicate().rewind());
    return out.array();
  }

  /** Reads one .npy array from {@code in}; {@code where} names it in error messages. */
  static NpyArray decode(Object where, InputStream in) throws IOException {
    NpyHeader header = NpyHeader.parse(where, headerText(where, in));
    Kind kind = Kind.ofDescr(header.descr);
    if (kind == null) {
      throw DataException.in(where, "dtype '" + header.descr + "' is not supported "
          + "(supported: <f8 <f4 <i8 <i4 |u1, little-endian)");
    }
    if (header.fortranOrder && header.shape.length > 1) {
      throw DataException.in(where, "is stored in Fortran order; only C order is supported "
          + "(save numpy.ascontiguousarray(a) instead)");
    }
    long bytes = elementCount(where, header.shape) * kind.itemSize;
    if (bytes > Integer.MAX_VALUE - 8) {
      throw DataException.in(where, "shape " + Arrays.toString(header.shape)
          + " is too large for one Java array");
    }
    byte[] data = in.readNBytes((int) bytes);
    if (data.length < bytes) {
      throw DataException.in(where, "truncated: shape " + Arrays.toString(header.shape)
          + " of " + kind.descr + " needs " + bytes + " data bytes, found " + data.length);
    }
    if (in.read() != -1) {
      throw DataException.in(where, "has bytes after the " + bytes + " its header promises");
    }
    return new NpyArray(kind, header.shape, ByteBuffer.wrap(data));
  }

  private static String headerText(Object where, InputStream in) throws IOException {
    byte[] preamble = in.readNBytes(MAGIC.length + 2);
    if (preamble.length < MAGIC.length + 2
        || !Arrays.equals(preamble, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw DataException.in(where, "not a .npy array (it does not start with \\x93NUMPY)");
    }
    int major = preamble[6];
    int minor = preamble[7];
    if ((major != 1 && major != 2) || minor != 0) {
      throw DataException.in(where, ".npy format version " + major + "." + minor
          + " is not supported (only 1.0 and 2.0)");
    }
    byte[] lengthBytes = in.readNBytes(major == 1 ? 2 : 4);
    ByteBuffer lb = ByteBuffer.wrap(Arrays.copyOf(lengthBytes, 4))
        .order(ByteOrder.LITTLE_ENDIAN);
    long length = Integer.toUnsignedLong(lb.getInt());
    if (lengthBytes.length < (major == 1 ? 2 : 4) || length > MAX_HEADER) {
      throw DataException.in(where, "truncated or corrupt .npy header length");
    }
    byte[] header = in.readNBytes((int) length);
    if (header.length < length) {
      throw DataException.in(where, "truncated inside the .npy header");
    }
    return new String(header, StandardCharsets.ISO_8859_1);
  }

  private static long elementCount(Object where, int[] shape) {
    long count = 1;
    for (int d : shape) {
      count *= d;
      if (count > Integer.MAX_VALUE) {
        throw DataException.in(where, "shape " + Arrays.toString(shape)
            + " is too large for one Java array");
      }
    }
    return count;
  }

  private static ByteBuffer allocate(Kind kind, int length, int[] shape) {
    long count = 1;
    for (int d : shape) {
      count *= d;
      if (d < 0 || count > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("bad shape " + Arrays.toString(shape));
      }
    }
    if (count != length) {
      throw new IllegalArgumentException(length + " values do not fill shape "
          + Arrays.toString(shape));
    }
    return ByteBuffer.allocate(Math.multiplyExact(length, kind.itemSize))
        .order(ByteOrder.LITTLE_ENDIAN);
  }

  private static int roundUp(int n, int multiple) {
    return (n + multiple - 1) / multiple * multiple;
  }
}
