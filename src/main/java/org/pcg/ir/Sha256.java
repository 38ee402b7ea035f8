package org.pcg.ir;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256, the digest behind pcg's keys: a model text's origin, the class cache's entries
 * and a checkpoint's computation. Every JVM must provide it, so its absence is a broken JVM
 * rather than a condition to handle.
 */
public final class Sha256 {

  private Sha256() {}

  /** A fresh SHA-256 digest to feed. */
  public static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no SHA-256 in this JVM", e);
    }
  }

  /** What {@code sha} has been fed, in lower-case hex; resets it. */
  public static String hex(MessageDigest sha) {
    return HexFormat.of().formatHex(sha.digest());
  }
}
