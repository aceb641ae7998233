package io.makemore4j.model;

import io.makemore4j.config.ModelKind;
import io.makemore4j.config.Activation;
import io.makemore4j.config.ModelConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Random;

/** Model configurations and random data shared by the model tests. */
final class TestModels {

    static final int VOCAB = 27;

    private TestModels() {
    }

    /** Karpathy's default hierarchical model: blockSize 8, nEmbd 10, nHidden 128, flatten [2, 2, 2]. */
    static ModelConfig hierarchical() {
        return new ModelConfig(ModelKind.FLATTEN, 8, 10, 128, List.of(2, 2, 2), true, Activation.TANH, false);
    }

    /** The default model with another embedding size. */
    static ModelConfig hierarchical(int nEmbd) {
        return new ModelConfig(ModelKind.FLATTEN, 8, nEmbd, 128, List.of(2, 2, 2), true, Activation.TANH, false);
    }

    /** makemore part 3's MLP: blockSize 3, nEmbd 10, nHidden 200, one stage of 3. */
    static ModelConfig mlp() {
        return new ModelConfig(ModelKind.FLATTEN, 3, 10, 200, List.of(3), true, Activation.TANH, false);
    }

    /** A small two-stage model: blockSize 4, flatten [2, 2], nEmbd 3, nHidden 5. */
    static ModelConfig tiny(boolean batchNorm) {
        return new ModelConfig(ModelKind.FLATTEN, 4, 3, 5, List.of(2, 2), batchNorm, Activation.TANH, false);
    }

    /** (rows, blockSize) uniform random indices below vocab. */
    static INDArray contexts(Random rnd, int rows, int blockSize, int vocab, DataType dtype) {
        INDArray x = Nd4j.create(dtype, rows, blockSize);
        for (int r = 0; r < rows; r++) {
            for (int t = 0; t < blockSize; t++) {
                x.putScalar(r, t, rnd.nextInt(vocab));
            }
        }
        return x;
    }

    /** (rows, 1) uniform random labels below vocab. */
    static INDArray labels(Random rnd, int rows, int vocab, DataType dtype) {
        INDArray y = Nd4j.create(dtype, rows, 1);
        for (int r = 0; r < rows; r++) {
            y.putScalar(r, 0, rnd.nextInt(vocab));
        }
        return y;
    }
}
