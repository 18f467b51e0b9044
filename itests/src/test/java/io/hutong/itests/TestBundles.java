/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.itests;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Builds the small bundles the tests drop into a node at runtime (deploy/ or the console): a manifest
 * and a few classes of the test sources, written atomically so FileInstall never reads half a jar.
 */
public final class TestBundles {

    private TestBundles() {
    }

    /**
     * @param target    where the jar ends up (e.g. in a node's deploy/)
     * @param name      Bundle-SymbolicName
     * @param version   Bundle-Version
     * @param activator the Bundle-Activator class, packed with {@code classes}
     * @param imports   Import-Package
     * @param headers   further manifest headers
     * @param classes   further classes to pack
     */
    public static void write(Path target, String name, String version, Class<?> activator, String imports,
                             Map<String, String> headers, Class<?>... classes) throws IOException {
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", name);
        a.putValue("Bundle-Version", version);
        a.putValue("Bundle-Activator", activator.getName());
        a.putValue("Import-Package", imports);
        headers.forEach(a::putValue);
        // written outside deploy/ (same file system), then moved in
        Path tmp = Files.createTempFile("hutong-bundle", ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp); JarOutputStream jar = new JarOutputStream(out, m)) {
            for (Class<?> c : concat(activator, classes)) {
                String entry = c.getName().replace('.', '/') + ".class";
                jar.putNextEntry(new JarEntry(entry));
                try (InputStream in = c.getClassLoader().getResourceAsStream(entry)) {
                    in.transferTo(jar);
                }
                jar.closeEntry();
            }
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static List<Class<?>> concat(Class<?> first, Class<?>... rest) {
        java.util.ArrayList<Class<?>> all = new java.util.ArrayList<>();
        all.add(first);
        all.addAll(List.of(rest));
        return all;
    }
}
