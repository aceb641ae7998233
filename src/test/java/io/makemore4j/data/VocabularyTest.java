package io.makemore4j.data;

import io.makemore4j.config.BadInputException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class VocabularyTest {

    private static final Vocabulary NAMES = Vocabulary.of(List.of("emma", "olivia", "zoe", "xavier", "quincy",
            "brooklyn", "jade", "hugh", "kate", "penny", "wes", "tad", "gus", "fred"));

    @Test
    void hasTheBoundaryThenSortedCharacters() {
        List<String> expected = new ArrayList<>(List.of("."));
        for (char c = 'a'; c <= 'z'; c++) {
            expected.add(String.valueOf(c));
        }
        assertEquals(27, NAMES.size());
        assertEquals(expected, NAMES.toList());
        assertEquals(1, NAMES.encode('a'));
        assertEquals(26, NAMES.encode('z'));
        assertEquals("a", NAMES.decode(1));
        assertEquals("abcdefghijklmnopqrstuvwxyz", NAMES.characters());
    }

    @Test
    void theBoundaryIsShownAsADotButDecodesToNothing() {
        assertEquals("", NAMES.decode(Vocabulary.BOUNDARY));
        assertEquals(".", NAMES.display(Vocabulary.BOUNDARY));
        assertEquals("q", NAMES.display(17));
        assertThrows(IndexOutOfBoundsException.class, () -> NAMES.decode(27));
    }

    @Test
    void sortsByCodePointOutsideTheBmp() {
        Vocabulary v = Vocabulary.of(List.of("😀b", "𝔘a", "é"));
        assertEquals(List.of(".", "a", "b", "é", "𝔘", "😀"), v.toList());
        assertArrayEquals(new int[] {5, 2, 4, 1}, v.encode("😀b𝔘a"));
        assertEquals("𝔘", v.decode(4));
    }

    @Test
    void encodesAPrefixOrNamesTheUnknownCharacter() {
        assertArrayEquals(new int[] {5, 13, 13}, NAMES.encode("emm"));
        assertArrayEquals(new int[0], NAMES.encode(""));
        BadInputException e = assertThrows(BadInputException.class, () -> NAMES.encode("joé"));
        assertEquals("'é' (U+00E9) in \"joé\" is not in the vocabulary of 26 characters: abcdefghijklmnopqrstuvwxyz",
                e.getMessage());
        BadInputException control = assertThrows(BadInputException.class, () -> NAMES.encode("a\nb"));
        assertEquals("U+000A in \"a<U+000A>b\" is not in the vocabulary of 26 characters: abcdefghijklmnopqrstuvwxyz",
                control.getMessage());
    }

    @Test
    void roundTripsThroughItsListForm() {
        Vocabulary withDot = Vocabulary.of(List.of("a.b", "𝔘"));
        assertEquals(List.of(".", ".", "a", "b", "𝔘"), withDot.toList());
        assertEquals(withDot, Vocabulary.fromList(withDot.toList()));
        assertEquals(withDot.hashCode(), Vocabulary.fromList(withDot.toList()).hashCode());
        assertEquals(NAMES, Vocabulary.fromList(NAMES.toList()));
        assertNotEquals(NAMES, withDot);
    }

    @Test
    void rejectsAMalformedSavedList() {
        assertThrows(BadInputException.class, () -> Vocabulary.fromList(List.of()));
        assertThrows(BadInputException.class, () -> Vocabulary.fromList(List.of("a", "b")));
        BadInputException order = assertThrows(BadInputException.class, () -> Vocabulary.fromList(List.of(".", "b", "a")));
        assertEquals("vocabulary: entry 2 \"a\" is out of order (entries are distinct, by increasing code point)",
                order.getMessage());
        assertThrows(BadInputException.class, () -> Vocabulary.fromList(List.of(".", "ab")));
    }
}
