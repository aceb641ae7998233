package io.makemore4j.data.store;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Buffers outside the Java heap that are given back at once: the large, short-lived windows of a
 * preparation in passes. Pages of the Java heap that a window touched would stay in the process's
 * resident memory for the rest of the run (the collector keeps the heap it has grown to); a direct
 * buffer released here returns its memory when it is released, and a mapped one is unmapped.
 */
public final class Buffers {

    private static final MethodHandle CLEANER = cleaner();

    private Buffers() {
    }

    /**
     * A zeroed little-endian buffer of {@code bytes} outside the heap, or on the heap when direct
     * memory ({@code -XX:MaxDirectMemorySize}) has no room for it; {@link #release} it after use.
     */
    public static ByteBuffer allocate(int bytes) {
        try {
            return ByteBuffer.allocateDirect(bytes).order(ByteOrder.LITTLE_ENDIAN);
        } catch (OutOfMemoryError e) {
            return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    /**
     * Gives a direct or mapped buffer's memory back now ({@code sun.misc.Unsafe.invokeCleaner},
     * JDK 9+; where that is not available, when the buffer is collected). Nothing for a heap buffer.
     * The buffer must not be used afterwards.
     */
    public static void release(ByteBuffer buffer) {
        if (CLEANER == null || !buffer.isDirect()) {
            return;
        }
        try {
            CLEANER.invokeExact(buffer);
        } catch (Throwable e) {
            // a buffer that cannot be cleaned now is freed when it is collected
        }
    }

    private static MethodHandle cleaner() {
        try {
            Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
            java.lang.reflect.Field field = unsafeClass.getDeclaredField("theUnsafe");
            field.setAccessible(true);
            Object unsafe = field.get(null);
            return MethodHandles.lookup()
                    .findVirtual(unsafeClass, "invokeCleaner", MethodType.methodType(void.class, ByteBuffer.class))
                    .bindTo(unsafe);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
