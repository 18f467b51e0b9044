/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.annotation.versioning.ProviderType;

import aQute.bnd.differ.Baseline;
import aQute.bnd.differ.Baseline.Info;
import aQute.bnd.differ.DiffPluginImpl;
import aQute.bnd.osgi.FileResource;
import aQute.bnd.osgi.Jar;
import aQute.bnd.osgi.Processor;

/**
 * The baseline rule the build applies to every exported package (bnd-baseline-maven-plugin, decision
 * API4), shown on the real API bundle: a copy of {@code io.hutong.api} with one type changed, but its
 * package version left as it was, is compared with the built one by the same bnd baseline the plugin runs.
 */
class ApiBaselineTest {

    private static final String ROUTING_TABLE = "io/hutong/api/transport/RoutingTable";
    private static final String TEE_VERIFIER = "io/hutong/api/tee/TeeVerifier";

    private static Path apiJar;

    @TempDir
    Path work;

    @BeforeAll
    static void findTheBuiltApiBundle() throws IOException {
        try (Stream<Path> s = Files.walk(NodeOptions.distribution().resolve("system/io/hutong/io.hutong.api"))) {
            apiJar = s.filter(p -> p.toString().endsWith(".jar")).findFirst().orElseThrow();
        }
    }

    @Test
    void removingAMethodFromAProviderTypeWithoutAMajorBumpIsReportedAsNeedingOne() throws Exception {
        Info transport = baseline(ROUTING_TABLE, src -> src.replaceFirst(
                "(?s)\\s*/\\*\\* @return \\{@code true\\} when a route to \\{@code nodeId\\} existed.*?boolean remove\\(String nodeId\\);", ""),
                "io.hutong.api.transport");

        assertTrue(transport.mismatch, "the declared version no longer fits: " + describe(transport));
        assertEquals(transport.olderVersion, transport.newerVersion, "the package version was left as it was");
        assertEquals(2, transport.suggestedVersion.getMajor(), "a removed method breaks every caller: " + describe(transport));
    }

    @Test
    void addingAMethodToAProviderTypeNeedsAMinorBump() throws Exception {
        Info transport = baseline(ROUTING_TABLE, src -> src.replace("boolean remove(String nodeId);",
                "boolean remove(String nodeId);\n\n    /** @return the number of routes */\n    int size();"),
                "io.hutong.api.transport");

        assertTrue(transport.mismatch, describe(transport));
        // e.g. 1.3.0 to 1.4.0: the next minor of the built bundle's version
        assertEquals(new aQute.bnd.version.Version(transport.olderVersion.getMajor(), transport.olderVersion.getMinor() + 1, 0),
                transport.suggestedVersion, "consumers keep working, providers must follow: " + describe(transport));
    }

    @Test
    void addingAMethodToAConsumerTypeNeedsAMajorBump() throws Exception {
        Info tee = baseline(TEE_VERIFIER, src -> src.replace("TeeVerification verify(TeeReport report, Instant at);",
                "TeeVerification verify(TeeReport report, Instant at);\n\n    /** @return a name */\n    String name();"),
                "io.hutong.api.tee");

        assertTrue(tee.mismatch, describe(tee));
        assertEquals(2, tee.suggestedVersion.getMajor(), "every plugin's verifier would stop compiling: " + describe(tee));
    }

    @Test
    void theBuiltBundleAgainstItselfIsInLineForEveryExportedPackage() throws Exception {
        try (Jar older = new Jar(apiJar.toFile()); Jar newer = new Jar(apiJar.toFile()); Processor reporter = new Processor()) {
            List<Info> infos = List.copyOf(new Baseline(reporter, new DiffPluginImpl()).baseline(newer, older, null));
            assertTrue(infos.size() >= 16, "every exported package is compared: " + infos.size());
            for (Info i : infos) {
                assertFalse(i.mismatch, describe(i));
            }
        }
    }

    /** Compiles a changed copy of one API type into a copy of the built bundle and baselines it against the original. */
    private Info baseline(String type, java.util.function.UnaryOperator<String> change, String pkg) throws Exception {
        Path source = Path.of("..", "bundles", "api", "src", "main", "java", type + ".java");
        String original = Files.readString(source);
        String changed = change.apply(original);
        assertFalse(original.equals(changed), "the change applies to " + source);

        Path src = work.resolve("src").resolve(type + ".java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, changed);
        Path classes = Files.createDirectories(work.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        String classpath = apiJar + File.pathSeparator
                + Path.of(ProviderType.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        int status = javac.run(null, null, null, "-proc:none", "--release", "17", "-cp", classpath,
                "-d", classes.toString(), src.toString());
        assertEquals(0, status, "the changed " + type + " compiles");

        try (Jar older = new Jar(apiJar.toFile()); Jar newer = new Jar(apiJar.toFile()); Processor reporter = new Processor()) {
            newer.putResource(type + ".class", new FileResource(classes.resolve(type + ".class")));
            Map<String, Info> byPackage = new Baseline(reporter, new DiffPluginImpl()).baseline(newer, older, null)
                    .stream().collect(Collectors.toMap(i -> i.packageName, i -> i));
            for (Map.Entry<String, Info> e : byPackage.entrySet()) {
                if (!e.getKey().equals(pkg)) {
                    assertFalse(e.getValue().mismatch, "only " + pkg + " changed: " + describe(e.getValue()));
                }
            }
            return byPackage.get(pkg);
        }
    }

    private static String describe(Info i) {
        return i.packageName + " declared " + i.newerVersion + " (was " + i.olderVersion + "), needs " + i.suggestedVersion
                + ", change " + i.packageDiff.getDelta();
    }
}
