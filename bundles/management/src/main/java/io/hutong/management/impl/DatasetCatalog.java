/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.management.impl;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.hutong.management.impl.GovernanceStore.Dataset;

/**
 * The datasets this node publishes (spec 10 §3): CSV files under the data directory, registered with
 * column metadata inferred from the file (editable afterwards) and a public flag.
 */
final class DatasetCatalog {

    /** Rows read to infer column types and distributions. */
    static final int SAMPLE_ROWS = 10_000;

    private final GovernanceStore store;
    private final Path dataDir;
    private final String owner;

    DatasetCatalog(GovernanceStore store, Path dataDir, String owner) {
        this.store = store;
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.owner = owner;
    }

    /**
     * Registers or re-registers a dataset. Body: {@code file} (path under data/, required), {@code dataset_id},
     * {@code name}, {@code description}, {@code category}, {@code public}, {@code join_columns}, {@code label_columns},
     * {@code column_metas} (overrides of the inferred metadata, matched by name).
     */
    Dataset publish(ObjectNode b, long now) {
        String file = Json.text(b, "file");
        Path csv = dataDir.resolve(file).normalize();
        if (!csv.startsWith(dataDir)) {
            throw Refusal.badRequest("file must lie under the data directory " + dataDir);
        }
        if (!Files.isRegularFile(csv)) {
            throw Refusal.badRequest("file " + file + " does not exist under " + dataDir);
        }
        String id = Json.optText(b, "dataset_id");
        if (id == null) {
            String base = csv.getFileName().toString().replaceFirst("\\.[^.]*$", "");
            id = base.replaceAll("[^A-Za-z0-9_\\-]", "_");
        }
        Inferred inf = infer(csv);
        ArrayNode metas = inf.metas;
        applyOverrides(metas, b.get("column_metas"));
        String name = Json.optText(b, "name");
        boolean isPublic = b.path("public").asBoolean(false);
        Dataset d = new Dataset(id, name == null ? id : name, Json.optText(b, "description"), Json.optText(b, "category"),
                dataDir.relativize(csv).toString(), inf.rows, Json.write(metas), Json.optText(b, "join_columns"),
                Json.optText(b, "label_columns"), isPublic, now);
        checkColumns(d, inf.names);
        store.upsertDataset(d);
        return d;
    }

    /** Edits an existing dataset: any of name, description, category, public, join/label columns, column_metas. */
    Dataset edit(String id, ObjectNode b) {
        Dataset d = store.dataset(id).orElseThrow(() -> Refusal.notFound("no dataset " + id));
        ArrayNode metas = Json.parseArray(d.columnMetas());
        applyOverrides(metas, b.get("column_metas"));
        List<String> names = new ArrayList<>();
        metas.forEach(m -> names.add(m.path("name").asText()));
        Dataset e = new Dataset(id, orElse(Json.optText(b, "name"), d.name()), orElse(Json.optText(b, "description"), d.description()),
                orElse(Json.optText(b, "category"), d.category()), d.location(), d.rowCount(), Json.write(metas),
                orElse(Json.optText(b, "join_columns"), d.joinColumns()), orElse(Json.optText(b, "label_columns"), d.labelColumns()),
                b.has("public") ? b.get("public").asBoolean() : d.isPublic(), d.createdAt());
        checkColumns(e, names);
        store.upsertDataset(e);
        return e;
    }

    private static String orElse(String a, String b) {
        return a != null ? a : b;
    }

    private static void checkColumns(Dataset d, List<String> names) {
        for (String field : new String[] {"join_columns", "label_columns"}) {
            String v = field.equals("join_columns") ? d.joinColumns() : d.labelColumns();
            if (v == null || v.isBlank()) {
                continue;
            }
            for (String c : v.split(",")) {
                if (!names.contains(c.strip())) {
                    throw Refusal.badRequest(field + " names column '" + c.strip() + "' which the dataset does not have " + names);
                }
            }
        }
    }

    private static void applyOverrides(ArrayNode metas, JsonNode overrides) {
        if (overrides == null || overrides.isNull()) {
            return;
        }
        if (!overrides.isArray()) {
            throw Refusal.badRequest("column_metas must be an array");
        }
        int i = 0;
        for (JsonNode o : overrides) {
            String name = o.path("name").asText("");
            if (name.isEmpty()) {
                throw Refusal.badRequest("column_metas[" + i + "].name is required");
            }
            ObjectNode target = null;
            for (JsonNode m : metas) {
                if (m.path("name").asText().equals(name)) {
                    target = (ObjectNode) m;
                }
            }
            if (target == null) {
                throw Refusal.badRequest("column_metas[" + i + "].name '" + name + "' is not a column of the file");
            }
            String dist = o.path("distribution").asText(null);
            if (dist != null && !dist.equals("DISCRETE") && !dist.equals("CONTINUOUS")) {
                throw Refusal.badRequest("column_metas[" + i + "].distribution must be DISCRETE or CONTINUOUS");
            }
            for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!f.equals("name")) {
                    target.set(f, o.get(f));
                }
            }
            i++;
        }
    }

    private record Inferred(ArrayNode metas, List<String> names, long rows) {
    }

    private static Inferred infer(Path csv) {
        try (BufferedReader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String header = r.readLine();
            if (header == null || header.isBlank()) {
                throw Refusal.badRequest("file " + csv.getFileName() + " is empty (a header line is expected)");
            }
            List<String> names = new ArrayList<>();
            for (String h : header.replace("\uFEFF", "").split(",", -1)) {
                names.add(h.strip());
            }
            int n = names.size();
            boolean[] isInt = new boolean[n];
            boolean[] isNum = new boolean[n];
            java.util.Arrays.fill(isInt, true);
            java.util.Arrays.fill(isNum, true);
            List<Set<String>> distinct = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                distinct.add(new HashSet<>());
            }
            long rows = 0;
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                rows++;
                if (rows > SAMPLE_ROWS) {
                    continue; // count the rest without inspecting it
                }
                String[] cells = line.split(",", -1);
                for (int i = 0; i < n && i < cells.length; i++) {
                    String c = cells[i].strip();
                    if (c.isEmpty()) {
                        continue;
                    }
                    if (isInt[i] && !c.matches("[-+]?\\d{1,18}")) {
                        isInt[i] = false;
                    }
                    if (isNum[i] && !c.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")) {
                        isNum[i] = false;
                    }
                    if (distinct.get(i).size() <= 64) {
                        distinct.get(i).add(c);
                    }
                }
            }
            ArrayNode metas = Json.MAPPER.createArrayNode();
            for (int i = 0; i < n; i++) {
                ObjectNode m = metas.addObject();
                m.put("name", names.get(i));
                m.put("data_type", isInt[i] ? "int" : isNum[i] ? "double" : "varchar");
                // numbers with many values are continuous features; codes, ids and categories are discrete
                boolean continuous = isNum[i] && (!isInt[i] || distinct.get(i).size() > 64) && !names.get(i).equalsIgnoreCase("id");
                m.put("distribution", continuous ? "CONTINUOUS" : "DISCRETE");
                m.put("description", "");
            }
            return new Inferred(metas, names, rows);
        } catch (IOException e) {
            throw Refusal.badRequest("cannot read " + csv.getFileName() + ": " + e.getMessage());
        }
    }

    static List<Map<String, Object>> readMetas(Dataset d) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (JsonNode m : Json.parseArray(d.columnMetas())) {
            out.add(Json.toMap(m));
        }
        return out;
    }

    /** @return the dataset as the list and detail responses describe it (spec 10 §3.1/3.2, A-14: both column fields) */
    Map<String, Object> describe(Dataset d, boolean withColumns) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dataset_id", d.datasetId());
        m.put("name", d.name());
        m.put("owner", owner);
        m.put("description", d.description());
        m.put("category", d.category());
        m.put("count", d.rowCount());
        m.put("join_columns", d.joinColumns());
        m.put("label_columns", d.labelColumns());
        if (withColumns) {
            m.put("column_metas", readMetas(d));
        }
        return m;
    }
}
