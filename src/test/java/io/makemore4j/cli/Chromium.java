package io.makemore4j.cli;

import io.makemore4j.TestSkips;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A real headless browser for the tests of the pages makemore4j serves or writes: Debian's
 * {@code chromium} ({@code .ci/run} installs it), run once per page with {@code --headless
 * --disable-gpu --no-sandbox} to print the page's DOM after its scripts ran ({@code --dump-dom}) or
 * to take a screenshot. Scripts get {@link #SCRIPT_MILLIS} of virtual time (the page's timers and
 * requests run in it). {@link #offline} adds a proxy that refuses every connection, so that a page that
 * would load anything from the network shows it.
 *
 * <p>Where there is no chromium, {@link #require} skips the test with the reason printed; in CI
 * ({@code CI=true}) it fails instead.
 */
final class Chromium {

    /** Virtual time the page's scripts get before the DOM is printed or the screenshot taken. */
    static final int SCRIPT_MILLIS = 5000;
    private static final long TIMEOUT_SECONDS = 120;

    private final Path binary;
    private final Path profile;
    private final List<String> extra;

    private Chromium(Path binary, Path profile, List<String> extra) {
        this.binary = binary;
        this.profile = profile;
        this.extra = extra;
    }

    /** The browser, with its profile under {@code dir}; skips (or, in CI, fails) {@code test} where there is none. */
    static Chromium require(String test, Path dir) {
        Optional<Path> binary = find();
        if (binary.isEmpty()) {
            TestSkips.skipOrFailInCi(test + " skipped: no chromium on the PATH (apt-get install chromium)");
        }
        return new Chromium(binary.get(), dir.resolve("chromium-profile"), List.of());
    }

    /** The same browser with every connection but to this machine refused: a page needing the network shows it. */
    Chromium offline() {
        return new Chromium(binary, profile, List.of("--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>"));
    }

    /** The DOM of {@code url} after its scripts ran, as HTML. */
    String dumpDom(String url) {
        return new String(run(List.of("--dump-dom", url)), StandardCharsets.UTF_8);
    }

    /** A {@code width} x {@code height} screenshot of {@code url} after its scripts ran, written to {@code png}. */
    BufferedImage screenshot(String url, Path png, int width, int height) {
        try {
            Files.createDirectories(png.toAbsolutePath().getParent());
            Files.deleteIfExists(png);
            run(List.of("--window-size=" + width + "," + height, "--hide-scrollbars",
                    "--screenshot=" + png.toAbsolutePath(), url));
            BufferedImage image = ImageIO.read(png.toFile());
            if (image == null) {
                fail("chromium wrote no PNG to " + png);
            }
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The variance of the image's grey levels (0-255): 0 for a blank page, hundreds for a page of charts. */
    static double greyVariance(BufferedImage image) {
        double sum = 0;
        double squares = 0;
        long n = (long) image.getWidth() * image.getHeight();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                double grey = 0.299 * ((rgb >> 16) & 0xff) + 0.587 * ((rgb >> 8) & 0xff) + 0.114 * (rgb & 0xff);
                sum += grey;
                squares += grey * grey;
            }
        }
        double mean = sum / n;
        return squares / n - mean * mean;
    }

    private byte[] run(List<String> args) {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless", "--disable-gpu", "--no-sandbox",
                "--no-first-run", "--user-data-dir=" + profile, "--virtual-time-budget=" + SCRIPT_MILLIS));
        command.addAll(extra);
        command.addAll(args);
        try {
            File log = Files.createTempFile("chromium", ".log").toFile();
            Process process = new ProcessBuilder(command).redirectError(log).start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("chromium did not finish within " + TIMEOUT_SECONDS + " s: " + command);
            }
            if (process.exitValue() != 0) {
                fail("chromium exited with " + process.exitValue() + ": " + command + "\n" + Files.readString(log.toPath()));
            }
            Files.delete(log.toPath());
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Optional<Path> find() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser")) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }
}
