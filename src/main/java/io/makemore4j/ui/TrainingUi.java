package io.makemore4j.ui;

import io.makemore4j.config.BadInputException;
import io.makemore4j.config.EnvironmentException;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import org.deeplearning4j.core.storage.StatsStorage;
import org.deeplearning4j.ui.VertxUIServer;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.BindException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * DL4J's Training UI ({@code VertxUIServer}: its pages, scripts and JSON endpoints), served on one
 * address and port. DL4J 1.0.0-M2.1 always listens on every interface ({@code 0.0.0.0}) and takes its
 * port from a static field or an environment variable; here its verticle is deployed on a Vert.x
 * instance of its own whose HTTP server is bound to the given address and port instead, so that the
 * UI is reachable from this machine only unless asked otherwise. Port 0 takes a free one.
 *
 * <p>Vert.x runs non-daemon threads: {@link #close} stops them, and every command that starts a UI
 * closes it on every way out, or the JVM would stay alive after the command ended. One UI per JVM at
 * a time (DL4J keeps its server in a static field).
 */
public final class TrainingUi implements AutoCloseable {

    private static final long START_SECONDS = 60;

    private final Vertx vertx;
    private final VertxUIServer server;
    private final String address;

    private TrainingUi(Vertx vertx, VertxUIServer server, String address) {
        this.vertx = vertx;
        this.server = server;
        this.address = address;
    }

    /**
     * Starts the UI on {@code address} (a host name or IP address; {@code 0.0.0.0} for every interface)
     * and {@code port}, and waits until it listens.
     *
     * @throws BadInputException when the port is taken or the address is not one of this machine's
     */
    public static TrainingUi start(String address, int port) {
        if (port < 0 || port > 65535) {
            throw new BadInputException("--ui: port must be 0 to 65535, got " + port);
        }
        Vertx vertx = Vertx.vertx();
        BoundServer server = new BoundServer(address, port);
        CompletableFuture<String> deployed = new CompletableFuture<>();
        vertx.deployVerticle(server, result -> {
            if (result.succeeded()) {
                deployed.complete(result.result());
            } else {
                deployed.completeExceptionally(result.cause());
            }
        });
        try {
            deployed.get(START_SECONDS, TimeUnit.SECONDS);
            return new TrainingUi(vertx, server, address);
        } catch (ExecutionException e) {
            stop(vertx);
            throw cannotListen(address, port, e.getCause());
        } catch (TimeoutException e) {
            stop(vertx);
            throw new EnvironmentException("the training UI did not start within " + START_SECONDS + " s", e);
        } catch (InterruptedException e) {
            stop(vertx);
            Thread.currentThread().interrupt();
            throw new EnvironmentException("interrupted while the training UI started", e);
        }
    }

    private static RuntimeException cannotListen(String address, int port, Throwable cause) {
        for (Throwable c = cause; c != null; c = c.getCause()) {
            if (c instanceof BindException bind) {
                return new BadInputException("--ui " + port + " --ui-address " + address + ": cannot listen there ("
                        + bind.getMessage() + "): choose another port, or 0 for a free one");
            }
        }
        return new EnvironmentException("the training UI failed to start on " + address + ":" + port + ": " + cause, cause);
    }

    /** Shows {@code stats} in the UI (its sessions: one per run, or per resume of a run). */
    public void attach(StatsStorage stats) {
        server.attach(stats);
    }

    /** The port the UI listens on (the one taken when 0 was asked for). */
    public int port() {
        return server.getPort();
    }

    /** The URL of the UI's overview page, for a browser on this machine. */
    public String overviewUrl() {
        String host = address.equals("0.0.0.0") || address.equals("::") ? "localhost" : address;
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + "/train/overview";
    }

    /** Stops the server and its Vert.x threads; waits until they are gone. */
    @Override
    public void close() {
        stop(vertx);
    }

    private static void stop(Vertx vertx) {
        CompletableFuture<Void> closed = new CompletableFuture<>();
        vertx.close(result -> closed.complete(null));
        try {
            closed.get(START_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // nothing more can be done: the JVM's exit ends the threads
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * DL4J's server verticle, given a Vert.x whose {@code createHttpServer()} makes a server that
     * listens on {@code address:port} whatever port the verticle asks for.
     */
    private static final class BoundServer extends VertxUIServer {
        private final String address;
        private final int port;

        BoundServer(String address, int port) {
            this.address = address;
            this.port = port;
        }

        @Override
        public void init(Vertx vertx, Context context) {
            super.init(bound(vertx, address, port), context);
        }
    }

    /** {@code vertx} with {@code createHttpServer()} bound to {@code address:port}; everything else as it is. */
    private static Vertx bound(Vertx vertx, String address, int port) {
        return proxy(vertx, (method, args) -> {
            if (method.getName().equals("createHttpServer") && method.getParameterCount() == 0) {
                HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost(address).setPort(port));
                return proxy(server, (m, a) -> m.getName().equals("listen") && a != null && a.length == 2
                        && a[0] instanceof Integer
                        ? server.listen(port, address, cast(a[1])) : m.invoke(server, a));
            }
            return method.invoke(vertx, args);
        });
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object handler) {
        return (T) handler;
    }

    /** What a proxy does with a call: the method and its arguments. */
    @FunctionalInterface
    private interface Call {
        Object invoke(Method method, Object[] args) throws IllegalAccessException, InvocationTargetException;
    }

    /** A proxy for all the interfaces of {@code target}'s class; results that are the target itself are the proxy. */
    @SuppressWarnings("unchecked")
    private static <T> T proxy(T target, Call call) {
        Object[] self = new Object[1];
        InvocationHandler handler = (p, method, args) -> {
            try {
                Object result = call.invoke(method, args);
                return result == target ? self[0] : result;   // fluent calls keep the proxy
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        self[0] = Proxy.newProxyInstance(target.getClass().getClassLoader(), target.getClass().getInterfaces(), handler);
        return (T) self[0];
    }
}
