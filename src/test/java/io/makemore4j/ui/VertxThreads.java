package io.makemore4j.ui;

import java.util.List;

/** The threads that would keep a JVM alive after a command: non-daemon Vert.x threads still running. */
public final class VertxThreads {

    private VertxThreads() {
    }

    /** The names of the live non-daemon Vert.x threads, after giving ending ones a moment to end. */
    public static List<String> alive() throws InterruptedException {
        List<String> alive = List.of();
        for (int i = 0; i < 50; i++) {
            alive = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.isAlive() && !t.isDaemon() && t.getName().startsWith("vert.x"))
                    .map(Thread::getName).sorted().toList();
            if (alive.isEmpty()) {
                return alive;
            }
            Thread.sleep(100);
        }
        return alive;
    }
}
