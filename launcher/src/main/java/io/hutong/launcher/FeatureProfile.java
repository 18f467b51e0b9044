/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A node profile assembled from feature descriptors in the OSGi/Sling Feature Model JSON format:
 * the bundles to install (by Maven coordinates, with a start order), the configurations to apply
 * and the framework properties to set.
 *
 * <p>A profile is one feature file; the extension {@value #INCLUDES} lists other features of the
 * same folder whose content it takes (the {@code node} profile includes every other one). Values may
 * hold {@code ${name}} placeholders, filled from the node's settings when the profile is applied.
 * Both the launcher and the integration tests read profiles through this class, so a node started
 * either way contains the same bundles.
 */
public final class FeatureProfile {

    /** Feature extension listing included features by name: {@code "hutong-includes:JSON|true": ["core", …]}. */
    public static final String INCLUDES = "hutong-includes:JSON|true";

    private static final ObjectMapper JSON = new ObjectMapper();
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
     * Reads the profile {@code name} ({@code <dir>/<name>.json}) and every feature it includes.
     *
     * @throws IOException when a feature is missing or is not valid feature JSON; the message names the file
     */
    public static FeatureProfile load(Path dir, String name) throws IOException {
        List<String> order = new ArrayList<>();
        collect(dir, name, order, new HashSet<>());
        Map<String, BundleRef> byArtifact = new LinkedHashMap<>();
        Map<String, Map<String, Object>> configs = new LinkedHashMap<>();
        Map<String, String> props = new LinkedHashMap<>();
        for (String feature : order) {
            JsonNode root = read(dir, feature);
            for (JsonNode b : root.path("bundles")) {
                String id = b.isTextual() ? b.asText() : b.path("id").asText();
                String[] parts = id.split(":");
                if (parts.length != 3 && parts.length != 5) {
                    throw new IOException(feature + ".json: bundle id '" + id + "' is not group:artifact:version");
                }
                int start = b.isObject() ? Integer.parseInt(b.path("start-order").asText("20")) : 20;
                BundleRef ref = new BundleRef(parts[0], parts[1], parts[parts.length - 1], start, feature);
                BundleRef previous = byArtifact.get(parts[0] + ":" + parts[1]);
                if (previous != null && !previous.version().equals(ref.version())) {
                    throw new IOException("features " + previous.feature() + " and " + feature + " ask for "
                            + parts[0] + ":" + parts[1] + " in versions " + previous.version() + " and " + ref.version());
                }
                if (previous == null || previous.startOrder() > start) {
                    byArtifact.put(parts[0] + ":" + parts[1], ref);
                }
            }
            root.path("configurations").fields().forEachRemaining(e -> {
                Map<String, Object> values = configs.computeIfAbsent(e.getKey(), k -> new LinkedHashMap<>());
                e.getValue().fields().forEachRemaining(v -> values.put(v.getKey(), JSON.convertValue(v.getValue(), Object.class)));
            });
            root.path("framework-properties").fields().forEachRemaining(e -> props.put(e.getKey(), e.getValue().asText()));
        }
        List<BundleRef> sorted = new ArrayList<>(byArtifact.values());
        sorted.sort(Comparator.comparingInt(BundleRef::startOrder)); // stable: ties keep feature order
        return new FeatureProfile(name, order, sorted, configs, props);
    }

    private static void collect(Path dir, String name, List<String> order, Set<String> visiting) throws IOException {
        if (order.contains(name)) {
            return;
        }
        if (!visiting.add(name)) {
            throw new IOException("feature " + name + " includes itself");
        }
        JsonNode root = read(dir, name);
        for (JsonNode inc : root.path(INCLUDES)) {
            collect(dir, inc.asText(), order, visiting);
        }
        order.add(name);
    }

    private static JsonNode read(Path dir, String name) throws IOException {
        Path file = dir.resolve(name + ".json");
        try {
            JsonNode root = JSON.readTree(Files.readString(file));
            if (root == null || !root.has("id")) {
                throw new IOException(file + " is not a feature: it has no id");
            }
            return root;
        } catch (NoSuchFileException e) {
            throw new IOException("no feature " + name + " (" + file + ")", e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(file + " is not valid JSON: " + e.getOriginalMessage(), e);
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
        ObjectNode root = JSON.createObjectNode();
        root.put(":configurator:resource-version", 1);
        // Felix's Configurator refuses configurator.initial without a name and version
        root.put(":configurator:symbolic-name", "hutong.profile." + name);
        root.put(":configurator:version", "1.0.0");
        configurations.forEach((pid, values) -> {
            ObjectNode c = root.putObject(pid);
            c.put(":configurator:policy", "force");
            values.forEach((k, v) -> {
                if (v instanceof String s) {
                    c.put(k, resolve(s, vars));
                } else {
                    c.set(k, JSON.valueToTree(v));
                }
            });
        });
        return root.toString();
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
