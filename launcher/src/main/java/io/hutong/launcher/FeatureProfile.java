/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.sling.feature.Artifact;
import org.apache.sling.feature.ArtifactId;
import org.apache.sling.feature.Configuration;
import org.apache.sling.feature.Feature;
import org.apache.sling.feature.io.json.FeatureJSONReader;

/**
 * A node profile: one feature in the OSGi/Sling Feature Model JSON format, read with the Sling Feature Model
 * library: the bundles to install (by Maven coordinates, with a start order), the configurations to apply and
 * the framework properties to set.
 *
 * <p>A profile is one feature file, {@code <dir>/<name>.json}. The {@code node} profile is the aggregate
 * {@code slingfeature-maven-plugin} builds from every feature of the features module; each of its bundles names
 * the feature it came from ({@code feature-origins}), which is how {@link #features()} knows which layers the
 * profile holds. Values may hold {@code ${name}} placeholders, filled from the node's settings when the
 * profile is applied. Both the launcher and the integration tests read profiles through this class, so a node
 * started either way contains the same bundles.
 */
public final class FeatureProfile {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.\\-]+)}");

    /** One bundle of the profile. */
    public record BundleRef(String groupId, String artifactId, String version, int startOrder, String feature) {

        /** @return the bundle's coordinates as written in the feature, {@code group:artifact:version} */
        public String id() {
            return groupId + ":" + artifactId + ":" + version;
        }

        /** @return where the bundle lies in a Maven-layout repository rooted at {@code repository} */
        public Path path(Path repository) {
            Path p = repository;
            for (String part : groupId.split("\\.")) {
                p = p.resolve(part);
            }
            return p.resolve(artifactId).resolve(version).resolve(artifactId + "-" + version + ".jar");
        }
    }

    private final String name;
    private final List<String> features;
    private final List<BundleRef> bundles;
    private final Map<String, Map<String, Object>> configurations;
    private final Map<String, String> frameworkProperties;

    private FeatureProfile(String name, List<String> features, List<BundleRef> bundles,
                           Map<String, Map<String, Object>> configurations, Map<String, String> frameworkProperties) {
        this.name = name;
        this.features = List.copyOf(features);
        this.bundles = List.copyOf(bundles);
        this.configurations = configurations;
        this.frameworkProperties = frameworkProperties;
    }

    /**
     * Reads the profile {@code name} ({@code <dir>/<name>.json}).
     *
     * @throws IOException when the feature is missing or is not valid feature JSON; the message names the file
     */
    public static FeatureProfile load(Path dir, String name) throws IOException {
        Feature feature = read(dir, name);
        Set<String> features = new LinkedHashSet<>();
        Map<String, BundleRef> byArtifact = new LinkedHashMap<>();
        for (Artifact b : feature.getBundles()) {
            ArtifactId id = b.getId();
            ArtifactId[] origins = b.getFeatureOrigins();
            String from = origins.length == 0 ? name : origins[0].getClassifier();
            features.add(from);
            int start = b.getStartOrder() > 0 ? b.getStartOrder() : 20;
            BundleRef ref = new BundleRef(id.getGroupId(), id.getArtifactId(), id.getVersion(), start, from);
            BundleRef previous = byArtifact.get(id.getGroupId() + ":" + id.getArtifactId());
            if (previous != null && !previous.version().equals(ref.version())) {
                throw new IOException("features " + previous.feature() + " and " + from + " ask for "
                        + id.getGroupId() + ":" + id.getArtifactId() + " in versions " + previous.version() + " and " + ref.version());
            }
            if (previous == null || previous.startOrder() > start) {
                byArtifact.put(id.getGroupId() + ":" + id.getArtifactId(), ref);
            }
        }
        features.add(name);
        Map<String, Map<String, Object>> configs = new LinkedHashMap<>();
        for (Configuration c : feature.getConfigurations()) {
            Map<String, Object> values = configs.computeIfAbsent(c.getPid(), k -> new LinkedHashMap<>());
            // without the aggregate's own ":configurator:feature-origins" entries
            Dictionary<String, Object> props = c.getConfigurationProperties();
            for (Enumeration<String> keys = props.keys(); keys.hasMoreElements(); ) {
                String key = keys.nextElement();
                Object v = props.get(key);
                values.put(key, v != null && v.getClass().isArray() ? arrayToList(v) : v);
            }
        }
        Map<String, String> props = new LinkedHashMap<>(feature.getFrameworkProperties());
        List<BundleRef> sorted = new ArrayList<>(byArtifact.values());
        sorted.sort(Comparator.comparingInt(BundleRef::startOrder)); // stable: ties keep feature order
        return new FeatureProfile(name, new ArrayList<>(features), sorted, configs, props);
    }

    private static List<Object> arrayToList(Object array) {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < java.lang.reflect.Array.getLength(array); i++) {
            out.add(java.lang.reflect.Array.get(array, i));
        }
        return out;
    }

    private static Feature read(Path dir, String name) throws IOException {
        Path file = dir.resolve(name + ".json");
        try (Reader r = Files.newBufferedReader(file)) {
            return FeatureJSONReader.read(r, file.toString());
        } catch (NoSuchFileException e) {
            throw new IOException("no feature " + name + " (" + file + ")", e);
        } catch (IOException | RuntimeException e) {
            throw new IOException(file + " is not a valid feature: " + e.getMessage(), e);
        }
    }

    /** @return the profile's name */
    public String name() {
        return name;
    }

    /** @return the features making up the profile, included ones first */
    public List<String> features() {
        return features;
    }

    /** @return the bundles, one per artifact, in start order */
    public List<BundleRef> bundles() {
        return bundles;
    }

    /** @return configurations by PID ({@code factory~name} for factory configurations), unresolved */
    public Map<String, Map<String, Object>> configurations() {
        return configurations;
    }

    /**
     * @return the plane the Felix HTTP bridge serves on the application server's port (framework property
     *         {@code hutong.http.bridge.plane}: {@code east_west} in the {@code war} profile), null when the profile
     *         serves every plane on its own listeners (decision WAR6)
     */
    public String bridgedPlane() {
        String plane = frameworkProperties.get("hutong.http.bridge.plane");
        return plane == null || plane.isBlank() ? null : plane.strip();
    }

    /** @return framework properties with placeholders filled from {@code vars} */
    public Map<String, String> frameworkProperties(Map<String, String> vars) {
        Map<String, String> out = new LinkedHashMap<>();
        frameworkProperties.forEach((k, v) -> out.put(k, resolve(v, vars)));
        return out;
    }

    /**
     * Renders the configurations as an OSGi Configurator resource, placeholders filled from
     * {@code vars}, each forced so a restart with other settings (ports, node id) takes effect.
     */
    public String configuratorJson(Map<String, String> vars) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put(":configurator:resource-version", 1);
        // Felix's Configurator refuses configurator.initial without a name and version
        root.put(":configurator:symbolic-name", "hutong.profile." + name);
        root.put(":configurator:version", "1.0.0");
        configurations.forEach((pid, values) -> {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put(":configurator:policy", "force");
            values.forEach((k, v) -> c.put(k, v instanceof String s ? resolve(s, vars) : v));
            root.put(pid, c);
        });
        return JsonText.write(root, false);
    }

    /**
     * Fills {@code ${name}} placeholders.
     *
     * @throws IllegalArgumentException when a placeholder has no value, naming it
     */
    public static String resolve(String value, Map<String, String> vars) {
        Matcher m = PLACEHOLDER.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = vars.get(m.group(1));
            if (v == null) {
                throw new IllegalArgumentException("no value for ${" + m.group(1) + "} in '" + value + "'");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        return out.toString();
    }
}
