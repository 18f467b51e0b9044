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
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put("Bundle-Activator", activator.getName());
        jar(target, name, version, imports, all, concat(activator, classes));
    }

    /**
     * Writes a bundle of Declarative Services components: each class that bnd found a {@code @Component} on
     * when it processed the test classes (itests/pom.xml, {@code bnd-process-tests}) brings its descriptor
     * {@code OSGI-INF/<class name>.xml}, which is packed and listed in {@code Service-Component}.
     *
     * @param imports Import-Package: what the classes use; the DS annotations are not needed at runtime
     * @throws IllegalArgumentException when no class has a component descriptor
     */
    public static void writeComponents(Path target, String name, String version, String imports,
                                       Map<String, String> headers, Class<?>... classes) throws IOException {
        List<String> descriptors = new ArrayList<>();
        for (Class<?> c : classes) {
            String xml = descriptor(c);
            if (c.getClassLoader().getResource(xml) != null) {
                descriptors.add(xml);
            }
        }
        if (descriptors.isEmpty()) {
            throw new IllegalArgumentException("none of " + List.of(classes) + " has a component descriptor under "
                    + "OSGI-INF/: is it annotated @Component, and did bnd-process-tests run?");
        }
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put("Service-Component", String.join(",", descriptors));
        jar(target, name, version, imports, all, List.of(classes));
    }

    /** @return the resource bnd writes a component's descriptor to (the component name is the class name) */
    private static String descriptor(Class<?> c) {
        return "OSGI-INF/" + c.getName() + ".xml";
    }

    private static void jar(Path target, String name, String version, String imports, Map<String, String> headers,
                            List<Class<?>> classes) throws IOException {
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", name);
        a.putValue("Bundle-Version", version);
        a.putValue("Import-Package", imports);
        headers.forEach(a::putValue);
        // written outside deploy/ (same file system), then moved in
        Path tmp = Files.createTempFile("hutong-bundle", ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp); JarOutputStream jar = new JarOutputStream(out, m)) {
            for (Class<?> c : classes) {
                String entry = c.getName().replace('.', '/') + ".class";
                copy(c, entry, jar);
                if (c.getClassLoader().getResource(descriptor(c)) != null) {
                    copy(c, descriptor(c), jar);
                }
            }
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void copy(Class<?> c, String entry, JarOutputStream jar) throws IOException {
        jar.putNextEntry(new JarEntry(entry));
        try (InputStream in = c.getClassLoader().getResourceAsStream(entry)) {
            in.transferTo(jar);
        }
        jar.closeEntry();
    }

    private static List<Class<?>> concat(Class<?> first, Class<?>... rest) {
        ArrayList<Class<?>> all = new ArrayList<>();
        all.add(first);
        all.addAll(List.of(rest));
        return all;
    }
}
