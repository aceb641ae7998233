package io.makemore4j.model.vertex;

import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Forward/backward layout of the FlattenConsecutive vertex against tensors worked out by hand. */
class FlattenConsecutiveVertexTest {

    private static final LayerWorkspaceMgr NO_WS = LayerWorkspaceMgr.noWorkspaces();

    /** x[b, t, c] = 100 b + 10 t + c, shape (2, 4, 3). */
    private static INDArray input3d() {
        INDArray x = Nd4j.create(DataType.FLOAT, 2, 4, 3);
        for (int b = 0; b < 2; b++) {
            for (int t = 0; t < 4; t++) {
                for (int c = 0; c < 3; c++) {
                    x.putScalar(new long[] {b, t, c}, 100 * b + 10 * t + c);
                }
            }
        }
        return x;
    }

    /** Stage 1 of (2, 4, 3) with n = 2: rows (b, group), channels [step 2g | step 2g+1]. */
    private static final float[][] STAGE1 = {
            {0, 1, 2, 10, 11, 12},
            {20, 21, 22, 30, 31, 32},
            {100, 101, 102, 110, 111, 112},
            {120, 121, 122, 130, 131, 132},
    };

    /** Stage 2 of STAGE1 (time 2, n = 2): one row per example. */
    private static final float[][] STAGE2 = {
            {0, 1, 2, 10, 11, 12, 20, 21, 22, 30, 31, 32},
            {100, 101, 102, 110, 111, 112, 120, 121, 122, 130, 131, 132},
    };

    private static FlattenConsecutiveVertex vertex(int n, int timeSteps) {
        return new FlattenConsecutiveVertex(null, "f", 0, n, timeSteps, DataType.FLOAT);
    }

    private static INDArray forward(FlattenConsecutiveVertex v, INDArray in) {
        v.setInputs(new INDArray[] {in});
        return v.doForward(true, NO_WS);
    }

    @Test
    void firstStageFlattensThreeDimensionalInput() {
        INDArray out = forward(vertex(2, 4), input3d());
        assertArrayEquals(new long[] {4, 6}, out.shape());
        assertEquals(Nd4j.createFromArray(STAGE1), out);
    }

    @Test
    void laterStageFlattensTwoDimensionalInputToOneRowPerExample() {
        INDArray out = forward(vertex(2, 2), Nd4j.createFromArray(STAGE1));
        assertArrayEquals(new long[] {2, 12}, out.shape());
        assertEquals(Nd4j.createFromArray(STAGE2), out);
    }

    @Test
    void wholeContextAtOnceEqualsTwoStages() {
        INDArray out = forward(vertex(4, 4), input3d());
        assertEquals(Nd4j.createFromArray(STAGE2), out);
    }

    @Test
    void forwardIsAViewOfContiguousInput() {
        INDArray in = input3d();
        INDArray out = forward(vertex(2, 4), in);
        in.putScalar(new long[] {1, 3, 2}, -7f);
        assertEquals(-7f, out.getFloat(3, 5));
    }

    @Test
    void nonContiguousInputIsCopiedInCOrder() {
        // an f-order array with the same values: the layout must not depend on the input's ordering
        INDArray in = input3d().dup('f');
        INDArray out = forward(vertex(2, 4), in);
        assertEquals(Nd4j.createFromArray(STAGE1), out);
        // a transposed view (rows of STAGE1 as columns)
        INDArray t = Nd4j.createFromArray(STAGE1).transpose().dup('c').transpose();
        assertEquals(Nd4j.createFromArray(STAGE2), forward(vertex(2, 2), t));
    }

    @Test
    void backwardMapsEpsilonBackToTheInputLayout() {
        FlattenConsecutiveVertex first = vertex(2, 4);
        forward(first, input3d());
        first.setEpsilon(Nd4j.createFromArray(STAGE1));
        INDArray[] eps = first.doBackward(false, NO_WS).getSecond();
        assertEquals(1, eps.length);
        assertArrayEquals(new long[] {2, 4, 3}, eps[0].shape());
        assertEquals(input3d(), eps[0]);

        FlattenConsecutiveVertex second = vertex(2, 2);
        forward(second, Nd4j.createFromArray(STAGE1));
        second.setEpsilon(Nd4j.createFromArray(STAGE2).transpose().dup('c').transpose()); // non-contiguous
        INDArray back = second.doBackward(false, NO_WS).getSecond()[0];
        assertArrayEquals(new long[] {4, 6}, back.shape());
        assertEquals(Nd4j.createFromArray(STAGE1), back);
        assertNull(second.doBackward(false, NO_WS).getFirst());
    }

    @Test
    void rejectsInputWithWrongTimeSteps() {
        assertThrows(IllegalStateException.class, () -> forward(vertex(2, 4), Nd4j.create(DataType.FLOAT, 2, 6, 3)));
        assertThrows(IllegalStateException.class, () -> forward(vertex(2, 4), Nd4j.create(DataType.FLOAT, 6, 3)));
    }

    @Test
    void masksAreNullOrGroupedPerOutputRow() {
        FlattenConsecutiveVertex v = vertex(2, 4);
        assertNull(v.feedForwardMaskArrays(null, null, 2).getFirst());
        INDArray mask = Nd4j.createFromArray(new float[][] {{1, 1, 0, 1}, {0, 0, 1, 0}});  // (batch, time)
        INDArray grouped = v.feedForwardMaskArrays(new INDArray[] {mask}, null, 2).getFirst();
        assertEquals(Nd4j.createFromArray(new float[][] {{1}, {1}, {0}, {1}}), grouped);
        assertSame(null, v.getLayer());
    }
}
