/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import aQute.bnd.header.Parameters;

/**
 * The API surface of the built bundles (decision API1–API3): what each Hutong bundle in the distribution
 * exports and imports, read from the manifests of the jars the node runs.
 */
class ApiSurfaceTest {

    /** The package trees a Hutong bundle may export; everything else stays private to its bundle. */
    static final List<Pattern> API_TREES = List.of(
            Pattern.compile("io\\.hutong\\.api(\\..+)?"),
            Pattern.compile("io\\.hutong\\.protocol(\\..+)?"),
            Pattern.compile("io\\.hutong\\.transport\\.client"),
            Pattern.compile("io\\.hutong\\.algo\\.link(\\..+)?"));

    /** What a bundle's manifest and class entries say about its packages. */
    record BundleSurface(String name, Set<String> exports, Set<String> imports, Set<String> contained) {

        Set<String> privatePackages() {
            Set<String> p = new TreeSet<>(contained);
            p.removeAll(exports);
            return p;
        }
    }

    private final Path dist = NodeOptions.distribution();

    @Test
    void everyHutongBundleExportsOnlyApiPackages() throws IOException {
        List<BundleSurface> bundles = hutongBundles();
        assertTrue(bundles.size() >= 15, "the distribution's Hutong bundles: " + bundles.stream().map(BundleSurface::name).toList());
        assertEquals(List.of(), exportsOutsideTheApiTrees(bundles));
    }

    @Test
    void noHutongBundleExportsAThirdPartyPackage() throws IOException {
        List<String> thirdParty = new ArrayList<>();
        for (BundleSurface b : hutongBundles()) {
            b.exports().stream().filter(p -> !p.startsWith("io.hutong.")).forEach(p -> thirdParty.add(b.name() + " exports " + p));
        }
        assertEquals(List.of(), thirdParty);
    }

    @Test
    void noBundleImportsAPackageAnotherHutongBundleKeepsPrivate() throws IOException {
        assertEquals(List.of(), importsOfPrivatePackages(hutongBundles()));
    }

    @Test
    void theVerifiersImportOnlyTheAttestationApi() throws IOException {
        for (BundleSurface b : hutongBundles()) {
            if (b.name().startsWith("io.hutong.tee.sgx.")) {
                Set<String> hutong = new TreeSet<>(b.imports());
                hutong.removeIf(p -> !p.startsWith("io.hutong."));
                assertEquals(Set.of("io.hutong.api.tee", "io.hutong.api.tee.sgx"), hutong, b.name());
            }
            if (b.name().equals("io.hutong.tee.attestation") || b.name().equals("io.hutong.transport.grpc")) {
                assertEquals(Set.of(), b.exports(), b.name() + " exports nothing");
            }
        }
    }

    @Test
    void theChecksCatchEachKindOfLeak() {
        BundleSurface api = new BundleSurface("io.hutong.api", Set.of("io.hutong.api.tee"), Set.of(), Set.of("io.hutong.api.tee"));
        BundleSurface leaky = new BundleSurface("io.hutong.tee.attestation",
                Set.of("io.hutong.tee.attestation.model", "org.jctools.queues"), Set.of("io.hutong.api.tee"),
                Set.of("io.hutong.tee.attestation.model", "io.hutong.tee.attestation.uas", "org.jctools.queues"));
        BundleSurface verifier = new BundleSurface("io.hutong.tee.sgx.dcap", Set.of(),
                Set.of("io.hutong.api.tee", "io.hutong.tee.attestation.uas"), Set.of("io.hutong.tee.sgx.dcap.impl"));

        assertEquals(List.of("io.hutong.tee.attestation exports io.hutong.tee.attestation.model",
                "io.hutong.tee.attestation exports org.jctools.queues"), exportsOutsideTheApiTrees(List.of(api, leaky, verifier)));
        assertEquals(List.of("io.hutong.tee.sgx.dcap imports io.hutong.tee.attestation.uas, private to io.hutong.tee.attestation"),
                importsOfPrivatePackages(List.of(api, leaky, verifier)));
    }

    static List<String> exportsOutsideTheApiTrees(List<BundleSurface> bundles) {
        List<String> out = new ArrayList<>();
        for (BundleSurface b : bundles) {
            for (String p : new TreeSet<>(b.exports())) {
                if (API_TREES.stream().noneMatch(t -> t.matcher(p).matches())) {
                    out.add(b.name() + " exports " + p);
                }
            }
        }
        return out;
    }

    static List<String> importsOfPrivatePackages(List<BundleSurface> bundles) {
        Map<String, String> owner = new TreeMap<>();
        bundles.forEach(b -> b.privatePackages().forEach(p -> owner.put(p, b.name())));
        List<String> out = new ArrayList<>();
        for (BundleSurface b : bundles) {
            for (String p : new TreeSet<>(b.imports())) {
                String o = owner.get(p);
                if (o != null && !o.equals(b.name())) {
                    out.add(b.name() + " imports " + p + ", private to " + o);
                }
            }
        }
        return out;
    }

    /** The Hutong bundles the node runs ({@code system/io/hutong}) and the client library ({@code lib/client}). */
    private List<BundleSurface> hutongBundles() throws IOException {
        List<Path> jars = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dist.resolve("system/io/hutong"))) {
            s.filter(p -> p.toString().endsWith(".jar")).forEach(jars::add);
        }
        try (Stream<Path> s = Files.list(dist.resolve("lib/client"))) {
            s.filter(p -> p.getFileName().toString().startsWith("io.hutong.")).forEach(jars::add);
        }
        List<BundleSurface> out = new ArrayList<>();
        for (Path jar : jars) {
            out.add(read(jar));
        }
        return out;
    }

    private static BundleSurface read(Path jar) throws IOException {
        try (JarFile j = new JarFile(jar.toFile())) {
            Manifest m = j.getManifest();
            String name = m.getMainAttributes().getValue("Bundle-SymbolicName");
            Set<String> contained = new TreeSet<>();
            for (Enumeration<JarEntry> e = j.entries(); e.hasMoreElements(); ) {
                String n = e.nextElement().getName();
                // classes at the root; embedded libraries (lib/*.jar on the Bundle-ClassPath) are private by construction
                if (n.endsWith(".class") && n.indexOf('/') > 0 && !n.startsWith("META-INF/")) {
                    contained.add(n.substring(0, n.lastIndexOf('/')).replace('/', '.'));
                }
            }
            return new BundleSurface(name == null ? jar.getFileName().toString() : name.split(";")[0].strip(),
                    packages(m.getMainAttributes().getValue("Export-Package")),
                    packages(m.getMainAttributes().getValue("Import-Package")), contained);
        }
    }

    private static Set<String> packages(String header) {
        Set<String> out = new TreeSet<>();
        // bnd's parser: package names with their attributes, quoted values may hold commas; "~" marks a repeated name
        new Parameters(header == null ? "" : header).keySet().forEach(k -> out.add(k.replace("~", "")));
        return out;
    }
}
