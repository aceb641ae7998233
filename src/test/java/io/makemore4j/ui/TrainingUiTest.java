package io.makemore4j.ui;

import io.makemore4j.config.BadInputException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DL4J's UI server as {@link TrainingUi} starts it: bound where asked, refused cleanly, stopped for good. */
class TrainingUiTest {

    @Test
    void servesTheTrainingPagesOnLocalhostOnlyAndLeavesNoThreadWhenClosed() throws Exception {
        try (TrainingUi ui = TrainingUi.start("127.0.0.1", 0)) {
            assertTrue(ui.port() > 0);
            assertEquals("http://127.0.0.1:" + ui.port() + "/train/overview", ui.overviewUrl());
            HttpURLConnection page = (HttpURLConnection) URI.create(ui.overviewUrl()).toURL().openConnection();
            assertEquals(200, page.getResponseCode());
            String html = new String(page.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(html.contains("/assets/"), html);   // DL4J's page, its scripts served by the same server
            Optional<InetAddress> other = nonLoopbackAddress();
            if (other.isPresent()) {   // DL4J alone would listen on 0.0.0.0, reachable there too
                assertThrows(IOException.class, () -> connect(other.get(), ui.port()));
            }
        }
        assertEquals(java.util.List.of(), VertxThreads.alive());
    }

    @Test
    void aPortInUseIsBadInputNamingItAndStartsNothing() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            BadInputException e = assertThrows(BadInputException.class, () -> TrainingUi.start("127.0.0.1", taken.getLocalPort()));
            assertTrue(e.getMessage().startsWith("--ui " + taken.getLocalPort() + " --ui-address 127.0.0.1: cannot listen there"),
                    e.getMessage());
        }
        assertEquals(java.util.List.of(), VertxThreads.alive());
        assertThrows(BadInputException.class, () -> TrainingUi.start("127.0.0.1", 70000));
    }

    @Test
    void everyInterfaceWhenAskedForIt() throws Exception {
        try (TrainingUi ui = TrainingUi.start("0.0.0.0", 0)) {
            assertEquals("http://localhost:" + ui.port() + "/train/overview", ui.overviewUrl());
            connect(InetAddress.getByName("127.0.0.1"), ui.port());
            Optional<InetAddress> other = nonLoopbackAddress();
            if (other.isPresent()) {
                connect(other.get(), ui.port());
            }
        }
        assertEquals(java.util.List.of(), VertxThreads.alive());
    }

    /** GETs the overview page at {@code address:port}: a connection refused is an IOException. */
    private static void connect(InetAddress address, int port) throws IOException {
        String host = address.getHostAddress();
        HttpURLConnection page = (HttpURLConnection) URI.create("http://" + host + ":" + port + "/train/overview").toURL()
                .openConnection();
        page.setConnectTimeout(2000);
        assertEquals(200, page.getResponseCode());
        page.getInputStream().readAllBytes();
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
        for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nif.isUp() && !nif.isLoopback()) {
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    if (a instanceof Inet4Address) {
                        return Optional.of(a);
                    }
                }
            }
        }
        return Optional.empty();
    }
}
