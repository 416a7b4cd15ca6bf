// SPDX-License-Identifier: Apache-2.0
package network.perun.api.message;

import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import network.perun.api.InvalidValueException;
import network.perun.api.Limits;

/** The validation rules the message records share: wire strings and participant index lists. */
final class MessageChecks {
  /** The longest string the wire format carries, in UTF-8 bytes (a u16 length). */
  static final int MAX_STRING_BYTES = 0xFFFF;

  private MessageChecks() {}

  /** Checks that {@code s} is present, well-formed UTF-16 (no lone surrogate) and at most 65535 UTF-8 bytes. */
  static String wireString(String s, String what) {
    Objects.requireNonNull(s, what);
    int utf8Length;
    try {
      utf8Length = StandardCharsets.UTF_8.newEncoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .encode(CharBuffer.wrap(s))
          .remaining();
    } catch (CharacterCodingException e) {
      throw new InvalidValueException(what + " is not valid Unicode (a lone surrogate): \"" + s + "\"");
    }
    InvalidValueException.check(utf8Length <= MAX_STRING_BYTES, "%s is %d UTF-8 bytes, at most %d allowed", what, utf8Length, MAX_STRING_BYTES);
    return s;
  }

  /** Checks a participant count of an address list: 2..{@link Limits#MAX_PARTICIPANTS}. */
  static void participantCount(int n, String what) {
    InvalidValueException.check(n >= 2 && n <= Limits.MAX_PARTICIPANTS, "%s must have 2..%d entries, got %d", what, Limits.MAX_PARTICIPANTS, n);
  }

  /** An immutable copy of an index map with at most {@link Limits#MAX_PARTICIPANTS} entries, each a valid index. */
  static List<Integer> indexMap(List<Integer> map, String what) {
    List<Integer> copy = List.copyOf(map);
    InvalidValueException.check(copy.size() <= Limits.MAX_PARTICIPANTS, "%s has %d entries, at most %d allowed", what, copy.size(), Limits.MAX_PARTICIPANTS);
    for (int i = 0; i < copy.size(); i++) {
      int idx = copy.get(i);
      InvalidValueException.check(idx >= 0 && idx < Limits.MAX_PARTICIPANTS, "%s entry %d out of range 0..%d: %d", what, i, Limits.MAX_PARTICIPANTS - 1, idx);
    }
    return copy;
  }

  /** An immutable copy of a list of index maps, each checked by {@link #indexMap}. */
  static List<List<Integer>> indexMaps(List<List<Integer>> maps, String what) {
    InvalidValueException.check(maps.size() <= Limits.MAX_PARTICIPANTS, "%s: %d index maps, at most %d allowed", what, maps.size(), Limits.MAX_PARTICIPANTS);
    List<List<Integer>> out = new ArrayList<>(maps.size());
    for (int i = 0; i < maps.size(); i++) {
      out.add(indexMap(maps.get(i), what + " " + i));
    }
    return List.copyOf(out);
  }
}
