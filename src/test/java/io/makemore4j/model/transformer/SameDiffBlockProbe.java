package io.makemore4j.model.transformer;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.graph.ReshapeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.impl.LossSparseMCXENT;

import java.util.Map;

/**
 * The probe (not a unit test) that chose custom layers over {@link SameDiffLayer} for the Transformer:
 * the same block (LayerNorm, causal 4-head attention, projection, residual, LayerNorm, GELU MLP,
 * residual) as a SameDiff layer, four of them between DL4J's stock embedding and output layers, at
 * makemore.py's sizes on fixed (32, 16) batches; prints training steps/s. Run with
 * {@code OMP_NUM_THREADS=1 java -cp <test-classes>:<jar> io.makemore4j.model.transformer.SameDiffBlockProbe}
 * and compare with {@code io.makemore4j.family.TransformerThroughput} (BENCHMARKS.md).
 */
public final class SameDiffBlockProbe {

    static final int B = 32;
    static final int T = 16;
    static final int C = 64;
    static final int H = 4;

    private SameDiffBlockProbe() {
    }

    /** The block as SameDiff ops on fixed shapes: (B, T, C) -> (B, T, C). */
    public static class Block extends SameDiffLayer {

        @Override
        public SDVariable defineLayer(SameDiff sd, SDVariable x, Map<String, SDVariable> p, SDVariable mask) {
            int hs = C / H;
            SDVariable rows = x.reshape(B * T, C);                                              // (B*T, C)
            SDVariable h = sd.nn.layerNorm(rows, p.get("g1"), p.get("b1"), false, 1);
            SDVariable qkv = h.mmul(p.get("Wqkv")).add(p.get("bqkv"));                         // (B*T, 3C)
            SDVariable[] qkvHeads = new SDVariable[3];
            for (int i = 0; i < 3; i++) {                                                       // (B, H, T, hs) each
                qkvHeads[i] = qkv.get(SDIndex.all(), SDIndex.interval(i * C, (i + 1) * C)).reshape(B, T, H, hs).permute(0, 2, 1, 3);
            }
            INDArray causal = Nd4j.create(DataType.FLOAT, T, T);
            for (int i = 0; i < T; i++) {
                for (int j = i + 1; j < T; j++) {
                    causal.putScalar(i, j, -1e9);
                }
            }
            SDVariable att = sd.mmul(qkvHeads[0], qkvHeads[1], false, true, false).mul(1.0 / Math.sqrt(hs));   // (B, H, T, T)
            att = sd.nn.softmax(att.add(sd.constant(causal)), -1);
            SDVariable y = sd.mmul(att, qkvHeads[2]).permute(0, 2, 1, 3).reshape(B * T, C);
            SDVariable r = rows.add(y.mmul(p.get("Wp")).add(p.get("bp")));
            SDVariable f = sd.nn.gelu(sd.nn.layerNorm(r, p.get("g2"), p.get("b2"), false, 1).mmul(p.get("Wfc")).add(p.get("bfc")));
            return r.add(f.mmul(p.get("Wo")).add(p.get("bo"))).reshape(B, T, C);
        }

        @Override
        public void defineParameters(SDLayerParams ps) {
            ps.addWeightParam("Wqkv", C, 3 * C);
            ps.addBiasParam("bqkv", 1, 3 * C);
            ps.addWeightParam("Wp", C, C);
            ps.addBiasParam("bp", 1, C);
            ps.addWeightParam("Wfc", C, 4 * C);
            ps.addBiasParam("bfc", 1, 4 * C);
            ps.addWeightParam("Wo", 4 * C, C);
            ps.addBiasParam("bo", 1, C);
            for (String ln : new String[] {"g1", "b1", "g2", "b2"}) {
                ps.addBiasParam(ln, C);
            }
        }

        @Override
        public void initializeParameters(Map<String, INDArray> params) {
            for (Map.Entry<String, INDArray> e : params.entrySet()) {
                INDArray v = e.getValue();
                if (e.getKey().startsWith("g")) {
                    v.assign(1);
                } else if (e.getKey().startsWith("b")) {
                    v.assign(0);
                } else {
                    v.assign(Nd4j.randn(DataType.FLOAT, v.shape()).muli(1.0 / Math.sqrt(v.size(0))));
                }
            }
        }

        @Override
        public InputType getOutputType(int layerIndex, InputType inputType) {
            return inputType;
        }
    }

    public static void main(String[] args) {
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.FLOAT)
                .updater(new Adam(5e-4)).weightInit(WeightInit.NORMAL).graphBuilder().addInputs("in");
        g.addLayer("emb", new EmbeddingSequenceLayer.Builder().nIn(27).nOut(C).inputLength(T).outputDataFormat(RNNFormat.NWC)
                .hasBias(false).build(), "in");
        String previous = "emb";
        for (int l = 0; l < 4; l++) {
            g.addLayer("b" + l, new Block(), previous);
            previous = "b" + l;
        }
        g.addVertex("rows", new ReshapeVertex(B * T, C), previous);
        g.addLayer("out", new OutputLayer.Builder(new LossSparseMCXENT()).nIn(C).nOut(27).activation(Activation.SOFTMAX).build(), "rows");
        ComputationGraph net = new ComputationGraph(g.setOutputs("out").build());
        net.init();
        INDArray x = Nd4j.math.floor(Nd4j.rand(DataType.FLOAT, B, T).muli(27));
        INDArray y = Nd4j.math.floor(Nd4j.rand(DataType.FLOAT, B * T, 1).muli(27));
        MultiDataSet batch = new MultiDataSet(x, y);
        for (int rep = 0; rep < 4; rep++) {
            int n = 0;
            long t0 = System.nanoTime();
            while (System.nanoTime() - t0 < 5e9) {
                net.fit(batch);
                n++;
            }
            System.out.printf("SameDiff blocks (%,d parameters): %.1f steps/s%n", net.numParams(), n / ((System.nanoTime() - t0) / 1e9));
        }
    }
}
