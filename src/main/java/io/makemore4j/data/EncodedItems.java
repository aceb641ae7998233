package io.makemore4j.data;

import io.makemore4j.data.store.PackedArray;

import java.util.AbstractList;
import java.util.List;

/**
 * Items stored encoded: one small integer per character (its {@link Vocabulary} index, 1, 2 or 4
 * bytes by the vocabulary's size) in one array, and {@code items + 1} long offsets, item {@code i}
 * being the codes {@code [offset(i), offset(i + 1))}. Memory grows with the characters, about one
 * byte each plus eight per item, and the arrays are {@link PackedArray}s, on the heap or memory-mapped,
 * so no Java array caps a corpus. A view of a contiguous range of items shares the arrays
 * ({@link #range}): a split is a range of the shuffled corpus. Immutable once built.
 */
public final class EncodedItems {

    private final PackedArray codes;
    private final PackedArray offsets;   // (items + 1) longs, of the whole store
    private final int first;
    private final int size;

    EncodedItems(PackedArray codes, PackedArray offsets, int first, int size) {
        if (offsets.width() != 8 || first < 0 || size < 0 || first + (long) size + 1 > offsets.length()) {
            throw new IllegalArgumentException("items [" + first + ", " + (first + (long) size) + ") outside "
                    + (offsets.length() - 1) + " items of " + offsets.width() + "-byte offsets");
        }
        this.codes = codes;
        this.offsets = offsets;
        this.first = first;
        this.size = size;
    }

    /** Some items encoded with a vocabulary, on the heap. */
    public static EncodedItems encode(List<String> items, Vocabulary vocabulary) {
        int[][] encoded = new int[items.size()][];
        for (int i = 0; i < encoded.length; i++) {
            encoded[i] = vocabulary.encode(items.get(i));
        }
        return of(encoded, vocabulary.size());
    }

    /** Items already encoded (each an array of indices below {@code vocabularySize}, no boundary), on the heap. */
    public static EncodedItems of(int[][] items, int vocabularySize) {
        PackedArray offsets = PackedArray.allocate(items.length + 1L, 8);
        long total = 0;
        for (int i = 0; i < items.length; i++) {
            total += items[i].length;
            offsets.setLong(i + 1, total);
        }
        PackedArray codes = PackedArray.allocate(total, PackedArray.widthFor(Math.max(0, vocabularySize - 1)));
        long at = 0;
        for (int[] item : items) {
            for (int code : item) {
                codes.set(at++, code);
            }
        }
        return new EncodedItems(codes, offsets, 0, items.length);
    }

    /** The number of items. */
    public int size() {
        return size;
    }

    /** The number of characters of item {@code i}. */
    public int length(int i) {
        return (int) (start(i + 1) - start(i));
    }

    /** Where item {@code i}'s codes start in {@link #codeAt}'s numbering; {@code start(size())} is the end of the last. */
    public long start(int i) {
        return offsets.getLong(first + i);
    }

    /** The code at a position of the store (see {@link #start}). */
    public int codeAt(long position) {
        return codes.get(position);
    }

    /** Character {@code q} of item {@code i}, as its vocabulary index. */
    public int code(int i, int q) {
        return codes.get(start(i) + q);
    }

    /** The characters of all the items. */
    public long characters() {
        return start(size) - start(0);
    }

    /** The items {@code [from, to)} of this view, sharing its storage. */
    public EncodedItems range(int from, int to) {
        if (from < 0 || to > size || from > to) {
            throw new IndexOutOfBoundsException("items [" + from + ", " + to + ") outside [0, " + size + ")");
        }
        return new EncodedItems(codes, offsets, first + from, to - from);
    }

    /** Item {@code i}'s indices, in a new array. */
    public int[] toArray(int i) {
        int[] out = new int[length(i)];
        long base = start(i);
        for (int q = 0; q < out.length; q++) {
            out[q] = codes.get(base + q);
        }
        return out;
    }

    /** Item {@code i} as text. */
    public String decode(int i, Vocabulary vocabulary) {
        StringBuilder sb = new StringBuilder(length(i));
        long base = start(i);
        for (int q = 0, n = length(i); q < n; q++) {
            sb.appendCodePoint(vocabulary.codePoint(codes.get(base + q)));
        }
        return sb.toString();
    }

    /** The items as text: a view that decodes an item when it is read (nothing is copied). */
    public List<String> decoded(Vocabulary vocabulary) {
        return new AbstractList<>() {
            @Override
            public String get(int index) {
                return decode(java.util.Objects.checkIndex(index, size), vocabulary);
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    /** Whether item {@code i} is exactly {@code encoded}. */
    public boolean equalsItem(int i, int[] encoded) {
        if (length(i) != encoded.length) {
            return false;
        }
        long base = start(i);
        for (int q = 0; q < encoded.length; q++) {
            if (codes.get(base + q) != encoded[q]) {
                return false;
            }
        }
        return true;
    }
}
