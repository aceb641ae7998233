package io.makemore4j.model;

import io.makemore4j.config.BadInputException;
import io.makemore4j.config.ModelConfig;
import io.makemore4j.config.ModelKind;
import io.makemore4j.model.layer.FusedLinearBatchNorm;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Converts a trained network between the three forms of one model built from the same keys: the
 * flatten model with stock DL4J layers ({@code model.fused: false}: {@code linear{i}_W},
 * {@code bn{i}_gamma/beta/mean/var}), the flatten model with fused layers ({@code fused{i}_W,
 * gamma, beta, mean, var}) and the dilated model ({@code conv{i}_...}), by copying each parameter
 * to the one with the same role (the embedding, each stage's weights and batch norm, the output
 * layer). All three compute the same function, so the converted network makes the same
 * predictions at every position, in inference mode (batch norm from the running statistics).
 *
 * <p>Refused, as bad input: the dilated model's {@code gated}, {@code residual} and {@code skip}
 * variants (they have no flatten form), a flatten model without batch norm to or from the dilated
 * model (which always has it), and models of different sizes. Dropout has no parameters and is the
 * identity in inference: a dilated model with dropout converts, and the flatten model has none.
 */
public final class ModelConverter {

    private ModelConverter() {
    }

    /**
     * The model section {@code m} as model type {@code type} ({@code flatten} or {@code dilated}):
     * the same sizes and keys. The dilated form has {@code model.fused: true} (the only value it
     * takes), so a dilated model's flatten form has the fused layers; the flatten form takes no
     * dropout.
     *
     * @throws BadInputException if {@code m} has no form of that type
     */
    public static ModelConfig as(ModelConfig m, ModelKind type) {
        if (type != ModelKind.FLATTEN && type != ModelKind.DILATED) {
            throw new BadInputException("model type " + type.yamlName() + " has no form to convert to (flatten or dilated)");
        }
        if (!m.type().hierarchical()) {
            throw new BadInputException("a " + m.type().yamlName() + " model has no flatten or dilated form: convert applies to "
                    + "the hierarchical model only");
        }
        checkConvertible(m);
        boolean dilated = type == ModelKind.DILATED;
        if (dilated && !m.batchNorm()) {
            throw new BadInputException("model.batch_norm: false has no dilated form (the dilated model always has batch norm)");
        }
        return new ModelConfig(type, m.blockSize(), m.nEmbd(), m.nHidden(), m.flatten(), m.batchNorm(), m.activation(),
                dilated || m.fused(), false, false, false, dilated ? m.dropout() : 0.0);
    }

    /**
     * Copies every parameter of {@code from} (a graph of {@code fromModel}) into the parameter with
     * the same role in {@code to} (a graph of {@code toModel}).
     *
     * @throws BadInputException if either model is a variant without a flatten form, or the two
     *                           differ in a size, the activation or batch norm, or the graphs in a
     *                           parameter's shape (e.g. another vocabulary)
     */
    public static void copy(ComputationGraph from, ModelConfig fromModel, ComputationGraph to, ModelConfig toModel) {
        checkConvertible(fromModel);
        checkConvertible(toModel);
        sameSizes(fromModel, toModel);
        Map<String, String> source = parameters(fromModel);
        Map<String, String> target = parameters(toModel);
        if (!source.keySet().equals(target.keySet())) {
            throw new BadInputException("cannot convert between " + describe(fromModel) + " and " + describe(toModel)
                    + ": their parameters differ (" + source.keySet() + " against " + target.keySet() + ")");
        }
        for (Map.Entry<String, String> role : source.entrySet()) {
            INDArray src = param(from, role.getValue(), describe(fromModel));
            INDArray dst = param(to, target.get(role.getKey()), describe(toModel));
            if (!Arrays.equals(src.shape(), dst.shape())) {
                boolean vectors = src.length() == dst.length() && (src.isVector() || src.isScalar()) && (dst.isVector() || dst.isScalar());
                if (!vectors) {
                    throw new BadInputException("cannot convert: " + role.getKey() + " is " + Arrays.toString(src.shape()) + " in "
                            + describe(fromModel) + " but " + Arrays.toString(dst.shape()) + " in " + describe(toModel)
                            + " (another vocabulary or size?)");
                }
                src = src.reshape(dst.shape());
            }
            dst.assign(src);
        }
    }

    /**
     * Copies the parameters of {@code from} into {@code to}, a new graph of {@code toModel} (built
     * with the run's updater: its state, e.g. Adam's moments, starts from zero), and sets {@code to}
     * at {@code from}'s iteration and epoch counts, so that training can continue at the same step of
     * the learning-rate schedule.
     *
     * @throws BadInputException as {@link #copy}
     */
    public static ComputationGraph convert(ComputationGraph from, ModelConfig fromModel, ComputationGraph to, ModelConfig toModel) {
        copy(from, fromModel, to, toModel);
        to.getConfiguration().setIterationCount(from.getIterationCount());
        to.getConfiguration().setEpochCount(from.getEpochCount());
        return to;
    }

    /**
     * The graph parameter (layer name, '_', parameter name) of each role, in the graph's order:
     * {@code embedding.W}, then per stage {@code stage{i}.W} ({@code .b} without batch norm) and
     * {@code stage{i}.gamma, .beta, .mean, .var}, then {@code out.W}, {@code out.b}.
     */
    static Map<String, String> parameters(ModelConfig m) {
        Map<String, String> roles = new LinkedHashMap<>();
        roles.put("embedding.W", Graphs.EMBEDDING + "_W");
        for (int stage = 1; stage <= m.flatten().size(); stage++) {
            String role = "stage" + stage + ".";
            String linear;
            String bn;
            if (m.dilated()) {
                linear = DilatedModel.convName(stage);
                bn = linear;
            } else if (m.fused() && m.batchNorm()) {
                linear = FlattenModel.fusedName(stage);
                bn = linear;
            } else {
                linear = FlattenModel.linearName(stage);
                bn = FlattenModel.batchNormName(stage);
            }
            roles.put(role + "W", linear + "_" + FusedLinearBatchNorm.WEIGHT);
            if (m.batchNorm()) {
                for (String p : List.of(FusedLinearBatchNorm.GAMMA, FusedLinearBatchNorm.BETA, FusedLinearBatchNorm.MEAN,
                        FusedLinearBatchNorm.VAR)) {
                    roles.put(role + p, bn + "_" + p);
                }
            } else {
                roles.put(role + "b", linear + "_b");
            }
        }
        roles.put("out.W", Graphs.OUTPUT + "_W");
        roles.put("out.b", Graphs.OUTPUT + "_b");
        return roles;
    }

    private static INDArray param(ComputationGraph graph, String key, String what) {
        INDArray p = graph.paramTable().get(key);
        if (p == null) {
            throw new BadInputException("the network is not " + what + ": it has no parameter " + key);
        }
        return p;
    }

    private static void checkConvertible(ModelConfig m) {
        for (String key : List.of("model.gated", "model.residual", "model.skip")) {
            boolean set = switch (key) {
                case "model.gated" -> m.gated();
                case "model.residual" -> m.residual();
                default -> m.skip();
            };
            if (set) {
                throw new BadInputException(key + ": true has no flatten form; only dilated models without model.gated, "
                        + "model.residual and model.skip convert");
            }
        }
    }

    private static void sameSizes(ModelConfig a, ModelConfig b) {
        check("model.block_size", a.blockSize(), b.blockSize());
        check("model.n_embd", a.nEmbd(), b.nEmbd());
        check("model.n_hidden", a.nHidden(), b.nHidden());
        check("model.flatten", a.flatten(), b.flatten());
        check("model.batch_norm", a.batchNorm(), b.batchNorm());
        check("model.activation", a.activation(), b.activation());
    }

    private static void check(String key, Object a, Object b) {
        if (!Objects.equals(a, b)) {
            throw new BadInputException("cannot convert: " + key + " differs (" + a + " against " + b + ")");
        }
    }

    private static String describe(ModelConfig m) {
        return m.dilated() ? "the dilated model" : m.fused() && m.batchNorm() ? "the fused flatten model" : "the stock flatten model";
    }
}
