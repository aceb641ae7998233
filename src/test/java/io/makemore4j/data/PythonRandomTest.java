package io.makemore4j.data;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every expected value here was printed by CPython 3.11.7 ({@code import random}). */
class PythonRandomTest {

    @Test
    void getrandbits32MatchesCPython() {
        // r = random.Random(42); [r.getrandbits(32) for _ in range(5)]
        PythonRandom r = new PythonRandom(42);
        long[] expected = {2746317213L, 478163327L, 107420369L, 3184935163L, 1181241943L};
        for (long e : expected) {
            assertEquals(e, r.getrandbits(32));
        }
    }

    @Test
    void getrandbitsOfOtherWidthsMatchesCPython() {
        // r = random.Random(42); [r.getrandbits(k) for k in (1, 5, 31, 33, 63)]
        PythonRandom r = new PythonRandom(42);
        assertEquals(1L, r.getrandbits(1));
        assertEquals(3L, r.getrandbits(5));
        assertEquals(53710184L, r.getrandbits(31));
        assertEquals(3184935163L, r.getrandbits(33));
        assertEquals(2058755736454904720L, r.getrandbits(63));
    }

    @Test
    void aSeedAbove32BitsUsesBothWordsLikeCPython() {
        // r = random.Random(2**40 + 7); [r.getrandbits(32) for _ in range(3)]
        PythonRandom r = new PythonRandom((1L << 40) + 7);
        assertEquals(2635837658L, r.getrandbits(32));
        assertEquals(3209733218L, r.getrandbits(32));
        assertEquals(3500038837L, r.getrandbits(32));
    }

    @Test
    void randomMatchesCPython() {
        // r = random.Random(42); [r.random() for _ in range(3)]
        PythonRandom r = new PythonRandom(42);
        assertEquals(0.6394267984578837, r.random());
        assertEquals(0.025010755222666936, r.random());
        assertEquals(0.27502931836911926, r.random());
    }

    @Test
    void randbelowMatchesCPython() {
        // r = random.Random(42); [r._randbelow(n) for n in (1, 2, 3, 10, 1000, 2**31 - 1)]
        PythonRandom r = new PythonRandom(42);
        int[] bounds = {1, 2, 3, 10, 1000, Integer.MAX_VALUE};
        int[] expected = {0, 0, 2, 4, 250, 479341423};
        for (int i = 0; i < bounds.length; i++) {
            assertEquals(expected[i], r.randbelow(bounds[i]), "randbelow(" + bounds[i] + ")");
        }
    }

    @Test
    void shuffleMatchesCPython() {
        // r = random.Random(seed); l = list(range(20)); r.shuffle(l)
        assertEquals(List.of(19, 5, 14, 4, 9, 13, 15, 18, 6, 12, 17, 10, 1, 11, 2, 16, 7, 8, 0, 3), shuffled(42));
        assertEquals(List.of(11, 5, 17, 19, 9, 0, 16, 1, 15, 6, 10, 13, 14, 12, 7, 3, 8, 2, 18, 4), shuffled(1));
        assertEquals(List.of(17, 0, 10, 3, 1, 2, 9, 12, 7, 13, 5, 11, 14, 6, 16, 4, 8, 15, 18, 19),
                shuffled((1L << 40) + 7));
        assertEquals(List.of(10, 18, 16, 14, 0, 17, 11, 2, 3, 9, 5, 7, 4, 19, 6, 15, 8, 1, 13, 12), shuffled(0));
    }

    @Test
    void aNegativeSeedActsAsItsAbsoluteValue() {
        assertEquals(shuffled(42), shuffled(-42));
    }

    private static List<Integer> shuffled(long seed) {
        List<Integer> list = new ArrayList<>(IntStream.range(0, 20).boxed().toList());
        new PythonRandom(seed).shuffle(list);
        return list;
    }
}
