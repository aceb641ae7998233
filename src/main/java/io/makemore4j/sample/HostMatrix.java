package io.makemore4j.sample;

import io.makemore4j.model.layer.HostView;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A detached c-order {@code (capacity, width)} matrix of the graph's data type whose first
 * {@code m} rows are an operand of ND4J's matmul, read and written from Java as doubles through a
 * {@link HostView}: the rows of one step's products in {@link StepKernel}.
 */
final class HostMatrix {

    private final INDArray array;         // (capacity, width)
    private final INDArray[] rows;        // rows[m]: a view of the first m rows, made when first asked for
    private final HostView host;

    HostMatrix(DataType dtype, int capacity, int width) {
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            this.array = Nd4j.create(dtype, capacity, width);
        }
        this.rows = new INDArray[capacity + 1];
        this.host = HostView.of(array);
    }

    /** The first {@code m} rows, {@code (m, width)} (views are kept: making one costs microseconds). */
    INDArray rows(int m) {
        INDArray v = rows[m];
        if (v == null) {
            v = m == array.size(0) ? array : array.get(NDArrayIndex.interval(0, m), NDArrayIndex.all());
            rows[m] = v;
        }
        return v;
    }

    /** Copies the first {@code length} values (row-major) into {@code dst[off..)}. */
    void read(double[] dst, int off, int length) {
        host.read(0, dst, off, length);
    }

    /** Sets the {@code length} values from {@code to} (row-major) to {@code src[off..)}. */
    void write(double[] src, int off, int to, int length) {
        host.write(to, src, off, length);
    }
}
