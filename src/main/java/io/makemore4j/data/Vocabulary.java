package io.makemore4j.data;

import io.makemore4j.config.BadInputException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * The characters a model knows, each with its index: the boundary token at index 0, then the
 * distinct code points of the corpus in increasing order at indices 1 to {@code size() - 1}.
 *
 * <p>The boundary token pads the context before an item starts and ends every item. It is not a
 * character of the corpus (items may contain '.'); it is shown as {@value #BOUNDARY_DISPLAY} only
 * when contexts are displayed, and in {@link #toList()}. On the names corpus the vocabulary is the
 * reference's 27 entries: the boundary, then a to z.
 *
 * <p>Immutable; equal vocabularies give every character the same index.
 */
public final class Vocabulary {

    /** The index of the boundary token. */
    public static final int BOUNDARY = 0;
    /** How the boundary token is shown in contexts and written in {@link #toList()}. */
    public static final String BOUNDARY_DISPLAY = ".";

    /** The code point of index {@code i} is {@code codePoints[i - 1]}; strictly increasing. */
    private final int[] codePoints;

    private Vocabulary(int[] codePoints) {
        this.codePoints = codePoints;
    }

    /** The vocabulary of some items: every code point that occurs in them. */
    public static Vocabulary of(Collection<String> items) {
        return new Vocabulary(items.stream().flatMapToInt(String::codePoints).distinct().sorted().toArray());
    }

    /** The vocabulary of some code points (in any order, repeats allowed). */
    public static Vocabulary ofCodePoints(int[] codePoints) {
        return new Vocabulary(Arrays.stream(codePoints).distinct().sorted().toArray());
    }

    /**
     * Restores a vocabulary saved with {@link #toList()}: the boundary ({@value #BOUNDARY_DISPLAY}),
     * then one character per entry in increasing code-point order.
     *
     * @throws BadInputException if the list is not in that form
     */
    public static Vocabulary fromList(List<String> entries) {
        if (entries.isEmpty() || !BOUNDARY_DISPLAY.equals(entries.get(0))) {
            throw new BadInputException("vocabulary: the first entry must be the boundary \"" + BOUNDARY_DISPLAY + "\"");
        }
        int[] codePoints = new int[entries.size() - 1];
        for (int i = 1; i < entries.size(); i++) {
            String entry = entries.get(i);
            if (entry == null || entry.isEmpty() || Corpus.codePointLength(entry) != 1) {
                throw new BadInputException("vocabulary: entry " + i + " must be one character, got \"" + entry + "\"");
            }
            codePoints[i - 1] = entry.codePointAt(0);
            if (i > 1 && codePoints[i - 1] <= codePoints[i - 2]) {
                throw new BadInputException("vocabulary: entry " + i + " \"" + entry
                        + "\" is out of order (entries are distinct, by increasing code point)");
            }
        }
        return new Vocabulary(codePoints);
    }

    /** The saved form: {@value #BOUNDARY_DISPLAY} for the boundary, then each character; index i is entry i. */
    public List<String> toList() {
        List<String> entries = new ArrayList<>(size());
        entries.add(BOUNDARY_DISPLAY);
        for (int cp : codePoints) {
            entries.add(Character.toString(cp));
        }
        return entries;
    }

    /** The number of indices: the characters plus the boundary. */
    public int size() {
        return codePoints.length + 1;
    }

    /** Whether the code point is a character of this vocabulary. */
    public boolean contains(int codePoint) {
        return Arrays.binarySearch(codePoints, codePoint) >= 0;
    }

    /** The index of a character, or -1 if it is not in the vocabulary. */
    public int indexOf(int codePoint) {
        int i = Arrays.binarySearch(codePoints, codePoint);
        return i < 0 ? -1 : i + 1;
    }

    /** The code point of an index of a character (not the boundary). */
    public int codePoint(int index) {
        if (index < 1 || index >= size()) {
            throw new IndexOutOfBoundsException("index " + index + " is not a character of a vocabulary of " + size());
        }
        return codePoints[index - 1];
    }

    /** The largest code point, or -1 for a vocabulary of the boundary only. */
    public int maxCodePoint() {
        return codePoints.length == 0 ? -1 : codePoints[codePoints.length - 1];
    }

    /**
     * The index of a character.
     *
     * @throws IllegalArgumentException if it is not in the vocabulary (see {@link #encode(String)}
     *                                  for text that comes from a user)
     */
    public int encode(int codePoint) {
        int i = Arrays.binarySearch(codePoints, codePoint);
        if (i < 0) {
            throw new IllegalArgumentException(describe(codePoint) + " is not in the vocabulary");
        }
        return i + 1;
    }

    /**
     * The indices of the characters of some text, such as an item or a sampling prefix (the
     * boundary is not added).
     *
     * @throws BadInputException naming the first character that is not in the vocabulary
     */
    public int[] encode(String text) {
        int[] indices = text.codePoints().toArray();
        for (int i = 0; i < indices.length; i++) {
            int found = Arrays.binarySearch(codePoints, indices[i]);
            if (found < 0) {
                throw new BadInputException(String.format("%s in \"%s\" is not in the vocabulary of %d characters: %s",
                        describe(indices[i]), printable(text), codePoints.length,
                        printable(abbreviate(characters(), 80))));
            }
            indices[i] = found + 1;
        }
        return indices;
    }

    /** The character of an index, or "" for the boundary (which ends an item and adds no text). */
    public String decode(int index) {
        checkIndex(index);
        return index == BOUNDARY ? "" : Character.toString(codePoints[index - 1]);
    }

    /** The character of an index as shown in a context: the boundary is {@value #BOUNDARY_DISPLAY}. */
    public String display(int index) {
        checkIndex(index);
        return index == BOUNDARY ? BOUNDARY_DISPLAY : decode(index);
    }

    /** The characters (without the boundary) as one string, in index order. */
    public String characters() {
        return new String(codePoints, 0, codePoints.length);
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException("index " + index + " outside a vocabulary of " + size());
        }
    }

    /** A character for a message: {@code 'x' (U+0078)}, or just {@code U+000A} for a control character. */
    private static String describe(int codePoint) {
        return Character.isISOControl(codePoint)
                ? String.format("U+%04X", codePoint)
                : String.format("'%s' (U+%04X)", Character.toString(codePoint), codePoint);
    }

    /** Text for a one-line message: a control character becomes its code, such as {@code <U+000A>}. */
    private static String printable(String text) {
        StringBuilder sb = new StringBuilder();
        text.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp)) {
                sb.append(String.format("<U+%04X>", cp));
            } else {
                sb.appendCodePoint(cp);
            }
        });
        return sb.toString();
    }

    private static String abbreviate(String text, int maxCodePoints) {
        return Corpus.codePointLength(text) <= maxCodePoints
                ? text
                : text.substring(0, text.offsetByCodePoints(0, maxCodePoints)) + "...";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Vocabulary other && Arrays.equals(codePoints, other.codePoints);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(codePoints);
    }

    @Override
    public String toString() {
        return "Vocabulary[" + size() + ": " + BOUNDARY_DISPLAY + characters() + "]";
    }
}
