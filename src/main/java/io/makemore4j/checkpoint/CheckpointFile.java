package io.makemore4j.checkpoint;

import io.makemore4j.config.BadInputException;
import io.makemore4j.config.EnvironmentException;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The bytes of one checkpoint zip, read whole into memory from one open descriptor: once read,
 * nothing that happens to the file (a training process rotating it away under
 * {@code checkpoint.keep_last}, or replacing the best) can change what is checked and loaded. The
 * checks say which of these a bad file is: not a zip, empty, truncated, a zip of another program.
 */
final class CheckpointFile {

    /**
     * The zip entry that holds the trained weights, (1, numParams) in ND4J's binary form, when the
     * model's coefficients are their moving average ({@code train.ema}); DL4J ignores it on loading.
     */
    static final String TRAINED_PARAMETERS = "makemore4j/trained-parameters.bin";

    /** End-of-central-directory signature: the last record of every complete zip. */
    private static final byte[] END_HEADER = {'P', 'K', 5, 6};
    private static final byte[] LOCAL_HEADER = {'P', 'K', 3, 4};

    private final Path zip;
    private final byte[] bytes;

    private CheckpointFile(Path zip, byte[] bytes) {
        this.zip = zip;
        this.bytes = bytes;
    }

    /**
     * Reads {@code zip} whole; refuses a file larger than a quarter of this JVM's heap.
     *
     * @throws NoSuchFileException if it does not exist (any more)
     */
    static CheckpointFile read(Path zip) throws NoSuchFileException {
        try (FileChannel channel = FileChannel.open(zip, StandardOpenOption.READ)) {
            long size = channel.size();
            long limit = Math.min(Integer.MAX_VALUE - 16, Runtime.getRuntime().maxMemory() / 4);
            if (size > limit) {
                throw new BadInputException("checkpoint " + zip + " is " + size / (1 << 20) + " MiB, more than a quarter of this "
                        + "JVM's heap (" + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB) can hold: not a checkpoint of "
                        + "this tool's models, or give the JVM more memory (MAKEMORE4J_JAVA_OPTS=-Xmx...)");
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) size);
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // read it all
            }
            return new CheckpointFile(zip, Arrays.copyOf(buffer.array(), buffer.position()));
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            throw EnvironmentException.of("read checkpoint", zip, e);
        }
    }

    /** The SHA-256 of the bytes, in lower-case hex. */
    String sha256() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Refuses, with a message saying which, a file that is not a zip, a damaged zip, or a zip of another program. */
    void checkIsModelZip() {
        if (bytes.length < 4 || !Arrays.equals(bytes, 0, 4, LOCAL_HEADER, 0, 4)) {
            throw new BadInputException("checkpoint " + zip + " is not a zip file" + (bytes.length == 0 ? " (it is empty)" : ""));
        }
        if (!hasEndHeader()) {
            throw new BadInputException("checkpoint " + zip + " is truncated or damaged: not a readable zip (zip END header not found)");
        }
        Set<String> entries = new HashSet<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                entries.add(entry.getName());
                in.transferTo(java.io.OutputStream.nullOutputStream());   // checks each entry's CRC
            }
        } catch (ZipException e) {
            throw new BadInputException("checkpoint " + zip + " is truncated or damaged: not a readable zip (" + firstLine(e) + ")");
        } catch (IOException e) {
            throw new BadInputException("checkpoint " + zip + " is truncated or damaged: " + firstLine(e));
        }
        if (!entries.contains("configuration.json") || !entries.contains("coefficients.bin")) {
            throw new BadInputException("checkpoint " + zip + " is a zip but not a DL4J model (no configuration.json and "
                    + "coefficients.bin in it): written by another program?");
        }
    }

    /**
     * Writes {@code graph} as a DL4J model zip with its updater state and, when {@code trainedParams}
     * is not null, the {@link #TRAINED_PARAMETERS} entry; {@code out} is left open.
     */
    static void write(ComputationGraph graph, INDArray trainedParams, OutputStream out) throws IOException {
        if (trainedParams == null) {
            ModelSerializer.writeModel(graph, out, true);
            return;
        }
        ByteArrayOutputStream model = new ByteArrayOutputStream();
        ModelSerializer.writeModel(graph, model, true);
        ZipOutputStream zip = new ZipOutputStream(out);
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(model.toByteArray()))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                zip.putNextEntry(new ZipEntry(entry.getName()));
                in.transferTo(zip);
                zip.closeEntry();
            }
        }
        zip.putNextEntry(new ZipEntry(TRAINED_PARAMETERS));
        DataOutputStream data = new DataOutputStream(zip);
        Nd4j.write(trainedParams.reshape(1, trainedParams.length()), data);
        data.flush();
        zip.closeEntry();
        zip.finish();   // not close: the caller owns out
    }

    /** The {@link #TRAINED_PARAMETERS} entry, (1, numParams), or null when the zip has none. */
    INDArray trainedParameters() {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                if (entry.getName().equals(TRAINED_PARAMETERS)) {
                    return Nd4j.read(new DataInputStream(in));
                }
            }
            return null;
        } catch (IOException | RuntimeException e) {
            throw new BadInputException("checkpoint " + zip + " has a damaged " + TRAINED_PARAMETERS + ": " + firstLine(e));
        }
    }

    /** The network with its updater state. */
    ComputationGraph restore() {
        try {
            return ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(bytes), true);
        } catch (Exception | LinkageError e) {
            throw new BadInputException("checkpoint " + zip + " cannot be read as a DL4J model: " + firstLine(e));
        }
    }

    private boolean hasEndHeader() {
        // the end record is 22 bytes plus a comment of at most 65,535
        for (int i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65_535); i--) {
            if (Arrays.equals(bytes, i, i + 4, END_HEADER, 0, 4)) {
                return true;
            }
        }
        return false;
    }

    static String firstLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse("");
    }
}
