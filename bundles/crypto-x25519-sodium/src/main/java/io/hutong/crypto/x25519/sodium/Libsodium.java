/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.crypto.x25519.sodium;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;

/**
 * libsodium's {@code crypto_scalarmult} (X25519) bound through the Java FFM API ({@code java.lang.foreign}, final
 * in JDK 22).
 *
 * <p>The bundle is compiled for Java 17, the project's baseline, where {@code java.lang.foreign} does not exist; so
 * the binding is looked up reflectively, once, into a {@code static final} {@link MethodHandle}, which HotSpot
 * treats as a constant and inlines like a direct call. The downcall is {@code critical} with heap access: the
 * byte arrays are handed to C as they are, with no copy and no native allocation per call (libsodium neither
 * blocks nor calls back, which is what {@code critical} requires).
 */
final class Libsodium {

    /** The names tried, in order: Debian 12 and Ubuntu ship {@code .so.23}, newer releases {@code .so.26}. */
    static final List<String> LIBRARIES = List.of("libsodium.so.23", "libsodium.so.26", "libsodium.so", "libsodium.dylib");

    /** {@code int crypto_scalarmult(byte[32] q, byte[32] n, byte[32] p)}, or null when unavailable. */
    private static final MethodHandle SCALARMULT;

    /** Why {@link #SCALARMULT} is null; null when it is not. */
    private static final String UNAVAILABLE;

    /** The library file that was loaded, for the status. */
    private static final String LOADED;

    static {
        MethodHandle h = null;
        String why = null;
        String loaded = null;
        if (Runtime.version().feature() < 22) {
            why = "needs JDK 22 or newer (the FFM API); this JVM is " + Runtime.version();
        } else {
            try {
                Binder b = new Binder();
                for (String name : LIBRARIES) {
                    Object lib = b.library(name);
                    if (lib != null) {
                        int init = (int) b.downcall(lib, "sodium_init", false, 0).invokeExact();
                        if (init < 0) {
                            why = "sodium_init() failed in " + name;
                        } else {
                            h = b.downcall(lib, "crypto_scalarmult", true, 3);
                            loaded = name;
                        }
                        break;
                    }
                }
                if (h == null && why == null) {
                    why = "libsodium not found (tried " + String.join(", ", LIBRARIES) + "; Debian: apt install libsodium23)";
                }
            } catch (Throwable t) {
                // an FFM call refused (e.g. --enable-native-access=... naming other modules) or a symbol missing
                Throwable cause = t instanceof InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : t;
                why = "cannot bind libsodium: " + cause;
                h = null;
            }
        }
        SCALARMULT = h;
        UNAVAILABLE = why;
        LOADED = loaded;
    }

    private Libsodium() {
    }

    /** @return why libsodium cannot be used here, empty when it can */
    static Optional<String> unavailable() {
        return Optional.ofNullable(UNAVAILABLE);
    }

    /** @return the library file loaded, e.g. {@code libsodium.so.23} */
    static String library() {
        return LOADED;
    }

    /**
     * X25519(n, p) into {@code q}; all three 32 bytes.
     *
     * @return libsodium's answer: 0, or -1 when the result is the all-zero value (a low-order {@code p})
     */
    static int scalarMult(byte[] q, byte[] n, byte[] p) {
        try {
            return (int) SCALARMULT.invokeExact(q, n, p);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("crypto_scalarmult failed", t);
        }
    }

    /** The reflective side of the FFM API, used once while the class initialises. */
    private static final class Binder {
        private final Class<?> segment = Class.forName("java.lang.foreign.MemorySegment");
        private final Class<?> layout = Class.forName("java.lang.foreign.MemoryLayout");
        private final Class<?> descriptor = Class.forName("java.lang.foreign.FunctionDescriptor");
        private final Class<?> option = Class.forName("java.lang.foreign.Linker$Option");
        private final Class<?> lookup = Class.forName("java.lang.foreign.SymbolLookup");
        private final Class<?> arena = Class.forName("java.lang.foreign.Arena");
        private final Class<?> linkerType = Class.forName("java.lang.foreign.Linker");
        private final Object linker = linkerType.getMethod("nativeLinker").invoke(null);
        private final Class<?> valueLayout = Class.forName("java.lang.foreign.ValueLayout");
        private final Object javaInt = valueLayout.getField("JAVA_INT").get(null);
        private final Object address = valueLayout.getField("ADDRESS").get(null);

        Binder() throws ReflectiveOperationException {
        }

        /** @return the library's symbol lookup, null when the dynamic linker cannot find {@code name} */
        Object library(String name) throws ReflectiveOperationException {
            try {
                // the global arena: the library stays loaded as long as this class, i.e. the bundle's class loader
                Object global = arena.getMethod("global").invoke(null);
                return lookup.getMethod("libraryLookup", String.class, arena).invoke(null, name, global);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof IllegalArgumentException) {
                    return null; // "Cannot open library"
                }
                throw e;
            }
        }

        /**
         * @param critical  a critical downcall that may read and write Java arrays in place
         * @param addresses the number of pointer arguments; each becomes a {@code byte[]} parameter
         * @return a handle {@code int (byte[]...)}
         */
        MethodHandle downcall(Object lib, String symbol, boolean critical, int addresses) throws ReflectiveOperationException {
            Object fn = ((Optional<?>) lookup.getMethod("find", String.class).invoke(lib, symbol))
                    .orElseThrow(() -> new NoSuchMethodException(symbol + " not in libsodium"));
            Object args = Array.newInstance(layout, addresses);
            for (int i = 0; i < addresses; i++) {
                Array.set(args, i, address);
            }
            Object fd = descriptor.getMethod("of", layout, args.getClass()).invoke(null, javaInt, args);
            Object options = Array.newInstance(option, critical ? 1 : 0);
            if (critical) {
                Array.set(options, 0, option.getMethod("critical", boolean.class).invoke(null, true));
            }
            Method down = linkerType.getMethod("downcallHandle", segment, descriptor, options.getClass());
            MethodHandle h = (MethodHandle) down.invoke(linker, fn, fd, options);
            if (addresses == 0) {
                return h;
            }
            // byte[] -> MemorySegment.ofArray(byte[]): a heap segment over the array itself
            MethodHandle ofArray = MethodHandles.publicLookup().findStatic(segment, "ofArray", MethodType.methodType(segment, byte[].class));
            MethodHandle[] filters = new MethodHandle[addresses];
            java.util.Arrays.fill(filters, ofArray);
            return MethodHandles.filterArguments(h, 0, filters);
        }
    }
}
